namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho session start|logs</c>: open a session on a node, print a session's recording.</summary>
public sealed class SessionCommands : ICommandGroup
{
    public string Name => "session";
    public string Summary => "open a shell, command, port or SSH session on a node; print recordings";
    public string Usage => SessionStartCommand.Usage + SessionLogsCommand.Usage;

    public Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var rest = args.Skip(1).ToList();
        return args[0] switch
        {
            "start" => SessionStartCommand.RunAsync(rest, console, cancellationToken),
            "logs" => SessionLogsCommand.RunAsync(rest, console, cancellationToken),
            _ => throw new CliException($"unknown subcommand '{args[0]}' (see 'sekisho session --help')"),
        };
    }
}

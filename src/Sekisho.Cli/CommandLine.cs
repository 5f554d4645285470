using Sekisho.Cli.Commands;

namespace Sekisho.Cli;

/// <summary>Dispatches <c>sekisho GROUP SUBCOMMAND ...</c> to its command group and maps bad input to exit 2.</summary>
public static class CommandLine
{
    public static IReadOnlyList<ICommandGroup> Groups { get; } =
    [
        new PolicyCommands(),
        new CedarCommands(),
        new ServerCommands(),
        new DevCommand(),
        new OrgCommands(),
        new AuditCommand(),
        new AgentCommands(),
        new SessionCommands(),
        new SshCommand(),
        new SshConfigCommand(),
    ];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken = default)
    {
        if (args.Count == 0 || args[0] is "--help" or "-h" or "help")
        {
            await console.Out.WriteAsync(MainUsage()).ConfigureAwait(false);
            return args.Count == 0 ? ExitCodes.BadInput : ExitCodes.Ok;
        }
        var group = Groups.FirstOrDefault(g => g.Name == args[0]);
        if (group is null)
        {
            await console.Error.WriteLineAsync($"sekisho: unknown command '{args[0]}' (see 'sekisho --help')").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        var rest = args.Skip(1).ToList();
        if ((rest.Count == 0 && !group.RunsWithoutSubcommand) || (rest.Count > 0 && rest[0] is "--help" or "-h" or "help"))
        {
            await console.Out.WriteAsync(group.Usage).ConfigureAwait(false);
            return rest.Count == 0 ? ExitCodes.BadInput : ExitCodes.Ok;
        }
        try
        {
            return await group.RunAsync(rest, console, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            await console.Error.WriteLineAsync($"sekisho {group.Name}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
    }

    private static string MainUsage()
    {
        var lines = Groups.Select(g => $"  {g.Name,-10} {g.Summary}");
        return "usage: sekisho COMMAND [ARGS...]\n\ncommands:\n" + string.Join("\n", lines) +
               "\n\nRun 'sekisho COMMAND --help' for the subcommands of each.\n";
    }
}

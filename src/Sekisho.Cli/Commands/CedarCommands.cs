namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho cedar</c>: authorize, test, validate and format Cedar policies with Sekisho.Cedar.</summary>
public sealed class CedarCommands : ICommandGroup
{
    public string Name => "cedar";
    public string Summary => "authorize, test, validate and format Cedar policies";
    public string Usage => """
        usage: sekisho cedar authorize --policies P.cedar --entities E.json --request R.json [--schema S.cedarschema]
               sekisho cedar test [--root DIR] FILE.json ...
               sekisho cedar validate --policies P.cedar --schema S.cedarschema [--format text|json]
               sekisho cedar format P.cedar

        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var rest = args.Skip(1).ToList();
        return args[0] switch
        {
            "authorize" => CedarAuthorizeCommand.RunAsync(rest, console, cancellationToken),
            "test" => CedarTestCommand.RunAsync(rest, console, cancellationToken),
            "validate" => CedarValidateCommand.RunAsync(rest, console, cancellationToken),
            "format" => CedarFormatCommand.RunAsync(rest, console, cancellationToken),
            _ => throw new CliException($"unknown subcommand '{args[0]}' (see 'sekisho cedar --help')"),
        };
    }
}

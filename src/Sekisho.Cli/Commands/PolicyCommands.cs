namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho policy</c>: simulate and validate AWS IAM policies with Sekisho.Policy.</summary>
public sealed class PolicyCommands : ICommandGroup
{
    public string Name => "policy";
    public string Summary => "simulate and validate AWS IAM policies";
    public string Usage => """
        usage: sekisho policy simulate [FILE|-]
               sekisho policy validate FILE [--format text|json]

          simulate   decide one scenario object (or an array of them) read from FILE or stdin, print the
                     decision, the AWS-worded message and the full explanation as JSON
          validate   report errors and warnings in a policy document; exit 1 when there are errors

        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var rest = args.Skip(1).ToList();
        return args[0] switch
        {
            "simulate" => PolicySimulateCommand.RunAsync(rest, console, cancellationToken),
            "validate" => PolicyValidateCommand.RunAsync(rest, console, cancellationToken),
            _ => throw new CliException($"unknown subcommand '{args[0]}' (see 'sekisho policy --help')"),
        };
    }
}

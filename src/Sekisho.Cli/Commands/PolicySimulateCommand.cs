namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho policy simulate [FILE|-]</c>: decides scenarios (see the README for the contract).</summary>
public static class PolicySimulateCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken) =>
        throw new CliException("simulate: not available in this build yet");
}

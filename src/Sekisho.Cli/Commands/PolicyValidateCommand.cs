namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho policy validate FILE [--format json]</c>: errors and warnings in a policy document.</summary>
public static class PolicyValidateCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken) =>
        throw new CliException("validate: not available in this build yet");
}

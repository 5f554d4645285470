namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho cedar validate</c>: strict validation of policies against a schema.</summary>
public static class CedarValidateCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken) =>
        throw new CliException("validate: not available in this build yet");
}

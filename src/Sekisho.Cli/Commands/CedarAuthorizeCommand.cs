namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho cedar authorize</c>: one Cedar authorization decision as JSON.</summary>
public static class CedarAuthorizeCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken) =>
        throw new CliException("authorize: not available in this build yet");
}

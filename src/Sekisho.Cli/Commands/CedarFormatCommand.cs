namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho cedar format</c>: prints the formatted policies.</summary>
public static class CedarFormatCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken) =>
        throw new CliException("format: not available in this build yet");
}

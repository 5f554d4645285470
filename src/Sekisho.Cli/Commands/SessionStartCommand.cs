namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho session start</c>. (Stub: owned by the session-cli work.)</summary>
public static class SessionStartCommand
{
    public const string Usage = """
        usage: sekisho session start --target mi-... [--document-name D] [--parameters k=v,...]

        """;

    public static Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken) =>
        throw new CliException("session start: not available yet");
}

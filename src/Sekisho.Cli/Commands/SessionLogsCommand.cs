namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho session logs ID</c>. (Stub: owned by the sessions work.)</summary>
public static class SessionLogsCommand
{
    public const string Usage = """
        usage: sekisho session logs SESSION-ID [--play]

        """;

    public static Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken) =>
        throw new CliException("session logs: not available yet");
}

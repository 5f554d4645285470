namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho cedar test</c>: runs Cedar integration-test files.</summary>
public static class CedarTestCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken) =>
        throw new CliException("test: not available in this build yet");
}

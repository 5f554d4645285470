namespace Sekisho.Cli;

/// <summary>The streams a command reads and writes, passed in so tests can run commands in-process.</summary>
public sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    public static CliConsole FromProcess() => new(Console.In, Console.Out, Console.Error);
}

namespace Sekisho.Cli;

/// <summary>
/// Bad input from the person at the terminal: the message says what and where, and the command exits 2
/// with that one line on stderr and no stack trace.
/// </summary>
public sealed class CliException : Exception
{
    public CliException(string message) : base(message) { }
    public CliException(string message, Exception inner) : base(message, inner) { }
    public CliException() { }
}

namespace Sekisho.Cedar;

/// <summary>A misuse of the library's model (linking a non-template, a duplicate policy id, ...).</summary>
public class CedarException : Exception
{
    public CedarException(string message) : base(message) { }

    public CedarException(string message, Exception inner) : base(message, inner) { }

    public CedarException() { }
}

namespace Sekisho.Cedar.Syntax;

/// <summary>Policy text that is not valid Cedar: what was wrong or expected, and where (line and column).</summary>
public sealed class CedarParseException : CedarException
{
    public CedarParseException(string reason, SourceSpan span)
        : base($"{span}: {reason}")
    {
        Reason = reason;
        Span = span;
    }

    public CedarParseException() : this("invalid policy text", SourceSpan.None) { }

    public CedarParseException(string message) : this(message, SourceSpan.None) { }

    public CedarParseException(string message, Exception inner) : base(message, inner) => Reason = message;

    /// <summary>The message without the position.</summary>
    public string Reason { get; } = "";

    public SourceSpan Span { get; }

    public int Line => Span.Line;

    public int Column => Span.Column;
}

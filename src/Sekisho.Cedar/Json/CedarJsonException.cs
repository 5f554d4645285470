namespace Sekisho.Cedar.Json;

/// <summary>
/// A JSON policy (EST) that is not valid: what is wrong, and where, as a JSON path from the policy's root
/// (for example <c>conditions[0].body.&amp;&amp;.left</c>).
/// </summary>
public sealed class CedarJsonException : CedarException
{
    public CedarJsonException(string reason, string path)
        : base(path.Length == 0 ? reason : $"{path}: {reason}")
    {
        Reason = reason;
        Path = path;
    }

    public CedarJsonException() : this("invalid JSON policy", "") { }

    public CedarJsonException(string message) : this(message, "") { }

    public CedarJsonException(string message, Exception inner) : base(message, inner)
    {
        Reason = message;
        Path = "";
    }

    /// <summary>The message without the location.</summary>
    public string Reason { get; }

    /// <summary>Where in the JSON document the problem is; empty for the document itself.</summary>
    public string Path { get; }
}

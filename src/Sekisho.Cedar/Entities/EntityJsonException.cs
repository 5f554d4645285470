namespace Sekisho.Cedar.Entities;

/// <summary>Entity, context or request JSON that is not valid: what is wrong and where (a JSON path).</summary>
public sealed class EntityJsonException : CedarException
{
    public EntityJsonException(string path, string reason)
        : base(string.IsNullOrEmpty(path) ? reason : $"{path}: {reason}")
    {
        Path = path;
        Reason = reason;
    }

    public EntityJsonException() : this("", "invalid entity JSON") { }

    public EntityJsonException(string message) : this("", message) { }

    public EntityJsonException(string message, Exception inner) : base(message, inner)
    {
        Path = "";
        Reason = message;
    }

    /// <summary>Where in the document, e.g. <c>[2].attrs.manager</c>.</summary>
    public string Path { get; }

    public string Reason { get; }
}

namespace Sekisho.Cedar.Schema;

/// <summary>
/// A schema that cannot be parsed or whose declarations do not fit together. <see cref="Line"/> and
/// <see cref="Column"/> are 1-based and 0 when the error has no single place (a JSON schema error is located
/// by <see cref="JsonPath"/> instead).
/// </summary>
public sealed class SchemaException : Exception
{
    public SchemaException(string reason, int line, int column, string? jsonPath = null)
        : base(Format(reason, line, column, jsonPath))
    {
        Reason = reason;
        Line = line;
        Column = column;
        JsonPath = jsonPath;
    }

    public SchemaException()
        : this("invalid schema", 0, 0)
    {
    }

    public SchemaException(string message)
        : this(message, 0, 0)
    {
    }

    public SchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>The error without its location.</summary>
    public string Reason { get; } = "";

    public int Line { get; }

    public int Column { get; }

    public string? JsonPath { get; }

    private static string Format(string reason, int line, int column, string? jsonPath)
    {
        if (line > 0) return $"{line}:{column}: {reason}";
        if (jsonPath is not null) return $"{jsonPath}: {reason}";
        return reason;
    }
}

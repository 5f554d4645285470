namespace Sekisho.Policy;

/// <summary>A parsed IAM policy document. <see cref="VersionWritten"/> is false when the Version element was absent.</summary>
public sealed record PolicyDocument(
    PolicyVersion Version,
    bool VersionWritten,
    string? Id,
    IReadOnlyList<PolicyStatement> Statements,
    SourcePosition Position)
{
    /// <summary>Where the Version value is (the document's start when it has none).</summary>
    public SourcePosition VersionPosition { get; init; }

    /// <summary>Where the Statement element's name is.</summary>
    public SourcePosition StatementElementPosition { get; init; }
}

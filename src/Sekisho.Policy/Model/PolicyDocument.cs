namespace Sekisho.Policy;

/// <summary>A parsed IAM policy document. <see cref="VersionWritten"/> is false when the Version element was absent.</summary>
public sealed record PolicyDocument(
    PolicyVersion Version,
    bool VersionWritten,
    string? Id,
    IReadOnlyList<PolicyStatement> Statements,
    SourcePosition Position);

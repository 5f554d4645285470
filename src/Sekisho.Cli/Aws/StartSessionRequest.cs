namespace Sekisho.Cli.Aws;

/// <summary>The SSM StartSession input (the members the Sekisho server reads).</summary>
public sealed record StartSessionRequest(string Target, string? DocumentName = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Parameters = null, string? Reason = null);

namespace Sekisho.Server.Identity;

/// <summary>One version of a managed policy (v1, v2, ...); the document is plain JSON.</summary>
public sealed record PolicyVersionRecord(string VersionId, string Document, DateTimeOffset CreateDate);

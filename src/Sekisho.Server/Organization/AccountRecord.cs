namespace Sekisho.Server.Organization;

/// <summary>A member account: 12-digit id, name, and its parent (the root or an OU).</summary>
public sealed record AccountRecord(string Id, string Name, string ParentId, DateTimeOffset CreateDate);

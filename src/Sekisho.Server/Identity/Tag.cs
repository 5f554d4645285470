namespace Sekisho.Server.Identity;

/// <summary>An IAM tag: key (unique per entity, case-insensitively, as AWS treats tag keys) and value.</summary>
public sealed record Tag(string Key, string Value);

namespace Sekisho.Server.Organization;

/// <summary>A service control policy: <c>p-</c> id, unique name, document text.</summary>
public sealed record ScpRecord(string Id, string Name, string Document, bool AwsManaged);

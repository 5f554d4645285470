namespace Sekisho.Server.Organization;

/// <summary>An organizational unit: <c>ou-</c> id, name, parent (the root or another OU).</summary>
public sealed record OrganizationalUnitRecord(string Id, string Name, string ParentId);

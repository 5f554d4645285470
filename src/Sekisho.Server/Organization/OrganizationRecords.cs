namespace Sekisho.Server.Organization;

/// <summary>The organization: its id, root and management account.</summary>
public sealed record OrganizationRecord(string Id, string RootId, string ManagementAccountId, DateTimeOffset CreateDate);

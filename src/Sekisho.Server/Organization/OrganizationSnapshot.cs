namespace Sekisho.Server.Organization;

/// <summary>The whole organization as read at one store revision (it is small: read at once, kept in memory).</summary>
public sealed record OrganizationSnapshot(
    OrganizationRecord? Organization,
    IReadOnlyDictionary<string, AccountRecord> Accounts,
    IReadOnlyDictionary<string, OrganizationalUnitRecord> OrganizationalUnits,
    IReadOnlyDictionary<string, ScpRecord> Policies,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Attachments)
{
    public static readonly OrganizationSnapshot Empty = new(null, new Dictionary<string, AccountRecord>(),
        new Dictionary<string, OrganizationalUnitRecord>(), new Dictionary<string, ScpRecord>(), new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>The targets from the root down to <paramref name="accountId"/>: root, OUs, the account; empty when it is not a member.</summary>
    public IReadOnlyList<string> PathOf(string accountId)
    {
        if (Organization is null || !Accounts.TryGetValue(accountId, out var account)) return [];
        var path = new List<string> { accountId };
        var parent = account.ParentId;
        for (var depth = 0; depth < 10 && parent != Organization.RootId && OrganizationalUnits.TryGetValue(parent, out var ou); depth++)
        {
            path.Add(ou.Id);
            parent = ou.ParentId;
        }
        path.Add(Organization.RootId);
        path.Reverse();
        return path;
    }

    public IReadOnlyList<string> AttachedTo(string target) => Attachments.TryGetValue(target, out var list) ? list : [];
}

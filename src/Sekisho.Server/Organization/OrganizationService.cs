using System.Security.Cryptography;
using System.Text.Json;
using Sekisho.Policy;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Organization;

/// <summary>
/// The one organization: accounts, OUs and service control policies attached at root, OU or account
/// (FullAWSAccess attached to every new target, as AWS Organizations does). Store keys under <c>/org/</c>.
/// Decisions read <see cref="ServiceControlPoliciesAsync"/> from an in-memory snapshot, reloaded after local
/// changes and at most <see cref="SnapshotLifetime"/> after changes made by another replica.
/// </summary>
public sealed class OrganizationService(IStore store, TimeProvider time)
{
    public const string Prefix = "/org/";
    public const string FullAwsAccessId = "p-FullAWSAccess";
    public static readonly TimeSpan SnapshotLifetime = TimeSpan.FromSeconds(2);
    private const string FullAwsAccessDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private volatile Cached? _cached;

    private sealed record Cached(OrganizationSnapshot Snapshot, Dictionary<string, CompiledPolicy[][]> Levels, long LoadedAt);

    public async Task<OrganizationRecord> CreateAsync(string managementAccountId, string managementAccountName, CancellationToken cancellationToken = default)
    {
        var org = new OrganizationRecord("o-" + RandomId(10), "r-" + RandomId(4), managementAccountId, time.GetUtcNow());
        var fullAccess = new ScpRecord(FullAwsAccessId, "FullAWSAccess", FullAwsAccessDocument, AwsManaged: true);
        var account = new AccountRecord(managementAccountId, managementAccountName, org.RootId, time.GetUtcNow());
        var result = await store.CommitAsync(new Transaction([Condition.Missing(Prefix + "organization")],
        [
            Write.Put(Prefix + "organization", Serialize(org)),
            Write.Put(Prefix + "policies/" + fullAccess.Id, Serialize(fullAccess)),
            Write.Put(Attachment(org.RootId, fullAccess.Id), "{}"u8.ToArray()),
            Write.Put(Prefix + "accounts/" + account.Id, Serialize(account)),
            Write.Put(Attachment(account.Id, fullAccess.Id), "{}"u8.ToArray()),
        ]), cancellationToken);
        if (!result.Committed) throw new OrganizationException("an organization already exists in this store");
        _cached = null;
        return org;
    }

    public async Task<AccountRecord> CreateAccountAsync(string name, string? accountId, string? parentId, CancellationToken cancellationToken = default)
    {
        var snapshot = await LoadAsync(cancellationToken);
        var org = snapshot.Organization ?? throw new OrganizationException("there is no organization (run 'sekisho server init' first)");
        accountId ??= string.Concat(Enumerable.Range(0, 12).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));
        if (accountId.Length != 12 || !accountId.All(char.IsAsciiDigit)) throw new OrganizationException($"account id '{accountId}' is not 12 digits");
        if (string.IsNullOrWhiteSpace(name)) throw new OrganizationException("an account needs a name");
        var parent = ResolveParent(snapshot, parentId);
        var account = new AccountRecord(accountId, name, parent, time.GetUtcNow());
        await CommitNewAsync(Prefix + "accounts/" + accountId, Serialize(account), $"account {accountId} already exists",
            Write.Put(Attachment(accountId, FullAwsAccessId), "{}"u8.ToArray()), cancellationToken);
        return account;
    }

    public async Task<OrganizationalUnitRecord> CreateOrganizationalUnitAsync(string name, string? parentId, CancellationToken cancellationToken = default)
    {
        var snapshot = await LoadAsync(cancellationToken);
        var org = snapshot.Organization ?? throw new OrganizationException("there is no organization (run 'sekisho server init' first)");
        var parent = ResolveParent(snapshot, parentId);
        if (snapshot.OrganizationalUnits.Values.Any(o => o.ParentId == parent && o.Name == name))
            throw new OrganizationException($"an OU named '{name}' already exists under {parent}");
        var ou = new OrganizationalUnitRecord($"ou-{org.RootId[2..]}-{RandomId(8)}", name, parent);
        await CommitNewAsync(Prefix + "ous/" + ou.Id, Serialize(ou), $"OU {ou.Id} already exists",
            Write.Put(Attachment(ou.Id, FullAwsAccessId), "{}"u8.ToArray()), cancellationToken);
        return ou;
    }

    /// <summary>Creates the SCP named <paramref name="name"/> or replaces its document; the document must parse.</summary>
    public async Task<ScpRecord> PutPolicyAsync(string name, string document, CancellationToken cancellationToken = default)
    {
        try
        {
            CompiledPolicy.Parse(document, name);
        }
        catch (PolicyParseException e)
        {
            throw new OrganizationException($"policy '{name}' does not parse: {e.Message}");
        }
        var snapshot = await LoadAsync(cancellationToken);
        var existing = snapshot.Policies.Values.FirstOrDefault(p => p.Name == name);
        if (existing is { AwsManaged: true }) throw new OrganizationException($"{name} is AWS managed and cannot be changed");
        var record = new ScpRecord(existing?.Id ?? "p-" + RandomId(8).ToLowerInvariant(), name, document, AwsManaged: false);
        await store.PutAsync(Prefix + "policies/" + record.Id, Serialize(record), cancellationToken);
        _cached = null;
        return record;
    }

    public async Task AttachPolicyAsync(string policy, string target, CancellationToken cancellationToken = default)
    {
        var (policyId, targetId) = await ResolveAttachmentAsync(policy, target, cancellationToken);
        await store.PutAsync(Attachment(targetId, policyId), "{}"u8.ToArray(), cancellationToken);
        _cached = null;
    }

    public async Task DetachPolicyAsync(string policy, string target, CancellationToken cancellationToken = default)
    {
        var (policyId, targetId) = await ResolveAttachmentAsync(policy, target, cancellationToken);
        if (!await store.DeleteAsync(Attachment(targetId, policyId), cancellationToken))
            throw new OrganizationException($"policy {policy} is not attached to {target}");
        _cached = null;
    }

    public async Task<OrganizationSnapshot> SnapshotAsync(CancellationToken cancellationToken = default) => await LoadAsync(cancellationToken);

    /// <summary>
    /// The SCP levels (root first) that apply to principals of <paramref name="accountId"/>: none for the
    /// management account or an account outside the organization.
    /// </summary>
    public async ValueTask<CompiledPolicy[][]> ServiceControlPoliciesAsync(string accountId, CancellationToken cancellationToken)
    {
        var cached = await CachedAsync(cancellationToken);
        if (cached.Levels.TryGetValue(accountId, out var levels)) return levels;
        var snapshot = cached.Snapshot;
        if (snapshot.Organization is null || snapshot.Organization.ManagementAccountId == accountId) levels = [];
        else
        {
            var path = snapshot.PathOf(accountId);
            levels = new CompiledPolicy[path.Count][];
            for (var i = 0; i < path.Count; i++)
            {
                var list = new List<CompiledPolicy>();
                foreach (var id in snapshot.AttachedTo(path[i]))
                    if (snapshot.Policies.TryGetValue(id, out var p)) list.Add(CompiledPolicy.Parse(p.Document, p.Name));
                levels[i] = [.. list];
            }
        }
        lock (cached.Levels) cached.Levels[accountId] = levels;
        return levels;
    }

    /// <summary>The organization id for aws:PrincipalOrgID, or null.</summary>
    public async ValueTask<string?> OrganizationIdAsync(CancellationToken cancellationToken) =>
        (await CachedAsync(cancellationToken)).Snapshot.Organization?.Id;

    private async ValueTask<Cached> CachedAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached is not null && time.GetElapsedTime(cached.LoadedAt) < SnapshotLifetime) return cached;
        var snapshot = await LoadAsync(cancellationToken);
        cached = new Cached(snapshot, new Dictionary<string, CompiledPolicy[][]>(StringComparer.Ordinal), time.GetTimestamp());
        _cached = cached;
        return cached;
    }

    private async Task<OrganizationSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        OrganizationRecord? org = null;
        var accounts = new Dictionary<string, AccountRecord>();
        var ous = new Dictionary<string, OrganizationalUnitRecord>();
        var policies = new Dictionary<string, ScpRecord>();
        var attachments = new Dictionary<string, List<string>>();
        string? after = null;
        do
        {
            var page = await store.ScanAsync(new ScanRequest(Prefix, after, 1000), cancellationToken);
            foreach (var item in page.Items)
            {
                var rest = item.Key[Prefix.Length..];
                var span = item.Value.Span;
                if (rest == "organization") org = JsonSerializer.Deserialize<OrganizationRecord>(span, Json);
                else if (rest.StartsWith("accounts/", StringComparison.Ordinal)) Add(accounts, JsonSerializer.Deserialize<AccountRecord>(span, Json)!, a => a.Id);
                else if (rest.StartsWith("ous/", StringComparison.Ordinal)) Add(ous, JsonSerializer.Deserialize<OrganizationalUnitRecord>(span, Json)!, o => o.Id);
                else if (rest.StartsWith("policies/", StringComparison.Ordinal)) Add(policies, JsonSerializer.Deserialize<ScpRecord>(span, Json)!, p => p.Id);
                else if (rest.StartsWith("attachments/", StringComparison.Ordinal))
                {
                    var parts = rest.Split('/');
                    if (!attachments.TryGetValue(parts[1], out var list)) attachments[parts[1]] = list = [];
                    list.Add(parts[2]);
                }
            }
            after = page.NextStartAfter;
        } while (after is not null);
        return new OrganizationSnapshot(org, accounts, ous, policies,
            attachments.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value));
    }

    private static void Add<T>(Dictionary<string, T> map, T value, Func<T, string> id) => map[id(value)] = value;

    private static string ResolveParent(OrganizationSnapshot snapshot, string? parentId)
    {
        var root = snapshot.Organization!.RootId;
        if (parentId is null or "root" || parentId == root) return root;
        if (snapshot.OrganizationalUnits.ContainsKey(parentId)) return parentId;
        var byName = snapshot.OrganizationalUnits.Values.Where(o => o.Name == parentId).ToList();
        return byName.Count switch
        {
            1 => byName[0].Id,
            0 => throw new OrganizationException($"no OU '{parentId}' (give an ou-... id, an OU name, or root)"),
            _ => throw new OrganizationException($"several OUs are named '{parentId}': give its ou-... id"),
        };
    }

    private async Task<(string PolicyId, string TargetId)> ResolveAttachmentAsync(string policy, string target, CancellationToken cancellationToken)
    {
        var snapshot = await LoadAsync(cancellationToken);
        var org = snapshot.Organization ?? throw new OrganizationException("there is no organization");
        var scp = snapshot.Policies.Values.FirstOrDefault(p => p.Id == policy || p.Name == policy)
                  ?? throw new OrganizationException($"no service control policy '{policy}' (see 'sekisho org list')");
        string targetId;
        if (target is "root" || target == org.RootId) targetId = org.RootId;
        else if (snapshot.Accounts.ContainsKey(target)) targetId = target;
        else targetId = ResolveParent(snapshot, target);
        return (scp.Id, targetId);
    }

    private async Task CommitNewAsync(string key, byte[] value, string conflict, Write extra, CancellationToken cancellationToken)
    {
        var result = await store.CommitAsync(new Transaction([Condition.Missing(key)], [Write.Put(key, value), extra]), cancellationToken);
        if (!result.Committed) throw new OrganizationException(conflict);
        _cached = null;
    }

    private static string Attachment(string target, string policy) => $"{Prefix}attachments/{target}/{policy}";

    private static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Json);

    private static string RandomId(int length) => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", length);
}

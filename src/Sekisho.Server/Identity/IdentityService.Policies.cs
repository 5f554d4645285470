namespace Sekisho.Server.Identity;

public sealed partial class IdentityService
{
    private const int MaxVersions = 5;
    private const int MaxManagedPolicySize = 6144;

    /// <summary>A managed policy as this account sees it; <see cref="Revision"/> null: not stored yet (AWS managed, never attached).</summary>
    private readonly record struct PolicyRef(string Key, ManagedPolicyRecord Value, long? Revision)
    {
        public bool IsAwsManaged => Value.AccountId == "aws";
    }

    /// <summary>The managed policy named by <paramref name="arn"/> as account <paramref name="accountId"/> sees it.</summary>
    public async Task<ManagedPolicyRecord> GetPolicyAsync(string accountId, string arn, CancellationToken ct = default) =>
        (await RequirePolicyAsync(accountId, arn, ct).ConfigureAwait(false)).Value;

    private async Task<PolicyRef> RequirePolicyAsync(string accountId, string arn, CancellationToken ct)
    {
        var (account, pathAndName) = ParsePolicyArn(arn);
        var slash = pathAndName.LastIndexOf('/');
        var path = pathAndName[..(slash + 1)];
        var name = pathAndName[(slash + 1)..];
        if (account == "aws")
        {
            var known = AwsManagedPolicies.Find(name);
            if (known is null || known.Path != path || known.PolicyName != name)
                throw IamErrors.NoSuchEntity($"Policy {arn} does not exist or is not attachable.");
            var key = IdentityKeys.AwsPolicyUsage(accountId, name);
            var usage = await GetAsync<ManagedPolicyRecord>(key, ct).ConfigureAwait(false);
            return usage is { } u
                ? new PolicyRef(key, known with { AttachmentCount = u.Value.AttachmentCount, PermissionsBoundaryUsageCount = u.Value.PermissionsBoundaryUsageCount }, u.Revision)
                : new PolicyRef(key, known, null);
        }
        if (account != accountId) throw IamErrors.NoSuchEntity($"Policy {arn} does not exist or is not attachable.");
        var local = await GetAsync<ManagedPolicyRecord>(IdentityKeys.Policy(accountId, name), ct).ConfigureAwait(false);
        if (local is not { } l || l.Value.Path != path || l.Value.PolicyName != name)
            throw IamErrors.NoSuchEntity($"Policy {arn} does not exist or is not attachable.");
        return new PolicyRef(l.Key, l.Value, l.Revision);
    }

    private static (string Account, string PathAndName) ParsePolicyArn(string arn)
    {
        // arn:aws:iam::<account or aws>:policy/<path><name>
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[3].Length != 0 || !parts[5].StartsWith("policy/", StringComparison.Ordinal) || parts[5].Length <= 7)
            throw IamErrors.InvalidInput($"ARN {arn} is not valid.");
        return (parts[4], parts[5]["policy".Length..]);
    }

    private static void CheckSize(string document, int max, string what)
    {
        var size = 0;
        foreach (var c in document)
            if (!char.IsWhiteSpace(c)) size++;
        if (size > max) throw IamErrors.LimitExceeded($"Cannot exceed quota for {what}: {max}");
    }

    public Task<ManagedPolicyRecord> CreatePolicyAsync(string accountId, string policyName, string? path, string document, string? description,
        IReadOnlyList<Tag>? tags, CancellationToken ct = default)
    {
        PolicyDocuments.Check(document, PolicyDocuments.Kind.Identity);
        CheckSize(document, MaxManagedPolicySize, "PolicySize");
        return MutateAsync(async batch =>
        {
            var key = IdentityKeys.Policy(accountId, policyName);
            if (await GetAsync<ManagedPolicyRecord>(key, ct).ConfigureAwait(false) is not null)
                throw IamErrors.AlreadyExists($"A policy called {policyName} already exists. Duplicate names are not allowed.");
            var now = Now;
            var policy = new ManagedPolicyRecord(accountId, policyName, path ?? "/", IdentityIds.UniqueId("ANPA"), now, now, description, "v1",
                [new PolicyVersionRecord("v1", document, now)], 2, 0, 0, MergeTags([], tags ?? [], "Policy"));
            batch.Put(key, policy, null);
            return policy;
        }, ct);
    }

    /// <summary>Scope All/AWS/Local, OnlyAttached, path prefix and usage filter, AWS managed policies first, each in name order.</summary>
    public async Task<Page<ManagedPolicyRecord>> ListPoliciesAsync(string accountId, string? scope, bool onlyAttached, string? pathPrefix,
        string? usageFilter, string? marker, int? maxItems, CancellationToken ct = default)
    {
        var all = new List<ManagedPolicyRecord>();
        if (scope is null or "All" or "AWS")
            foreach (var p in AwsManagedPolicies.All)
                all.Add((await RequirePolicyAsync(accountId, p.Arn, ct).ConfigureAwait(false)).Value);
        if (scope is null or "All" or "Local")
        {
            string? localMarker = null;
            do
            {
                var page = await ListAsync<ManagedPolicyRecord>(IdentityKeys.Policies(accountId), localMarker, 1000, null, ct).ConfigureAwait(false);
                all.AddRange(page.Items);
                localMarker = page.Marker;
            } while (localMarker is not null);
        }
        all.RemoveAll(p =>
            (onlyAttached && p.AttachmentCount + p.PermissionsBoundaryUsageCount == 0)
            || (pathPrefix is not null && !p.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
            || (usageFilter == "PermissionsPolicy" && p.AttachmentCount == 0 && onlyAttached)
            || (usageFilter == "PermissionsBoundary" && p.PermissionsBoundaryUsageCount == 0 && onlyAttached));
        return PageOf(all, marker, maxItems);
    }

    public Task DeletePolicyAsync(string accountId, string arn, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var policy = await RequireLocalPolicyAsync(accountId, arn, ct).ConfigureAwait(false);
            if (policy.Value.AttachmentCount > 0 || policy.Value.PermissionsBoundaryUsageCount > 0)
                throw IamErrors.DeleteConflict("Cannot delete a policy attached to entities.");
            if (policy.Value.Versions.Count > 1)
                throw IamErrors.DeleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
            batch.Delete(policy.Key, policy.Revision!.Value);
        }, ct);

    private async Task<PolicyRef> RequireLocalPolicyAsync(string accountId, string arn, CancellationToken ct)
    {
        var policy = await RequirePolicyAsync(accountId, arn, ct).ConfigureAwait(false);
        if (policy.IsAwsManaged) throw IamErrors.InvalidInput($"Policy {arn} is an AWS managed policy and cannot be changed.");
        return policy;
    }

    public Task<PolicyVersionRecord> CreatePolicyVersionAsync(string accountId, string arn, string document, bool setAsDefault, CancellationToken ct = default)
    {
        PolicyDocuments.Check(document, PolicyDocuments.Kind.Identity);
        CheckSize(document, MaxManagedPolicySize, "PolicySize");
        return MutateAsync(async batch =>
        {
            var policy = await RequireLocalPolicyAsync(accountId, arn, ct).ConfigureAwait(false);
            var p = policy.Value;
            if (p.Versions.Count >= MaxVersions)
                throw IamErrors.LimitExceeded($"A managed policy can have up to {MaxVersions} versions. Before you create a new version, you must delete an existing version.");
            var version = new PolicyVersionRecord("v" + p.NextVersionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), document, Now);
            batch.Put(policy.Key, p with
            {
                Versions = [.. p.Versions, version],
                NextVersionNumber = p.NextVersionNumber + 1,
                DefaultVersionId = setAsDefault ? version.VersionId : p.DefaultVersionId,
                UpdateDate = setAsDefault ? version.CreateDate : p.UpdateDate,
            }, policy.Revision);
            return version;
        }, ct);
    }

    public async Task<PolicyVersionRecord> GetPolicyVersionAsync(string accountId, string arn, string versionId, CancellationToken ct = default)
    {
        var policy = await RequirePolicyAsync(accountId, arn, ct).ConfigureAwait(false);
        foreach (var v in policy.Value.Versions)
            if (v.VersionId == versionId) return v;
        throw IamErrors.NoSuchEntity($"Policy {arn} version {versionId} does not exist or is not attachable.");
    }

    public Task DeletePolicyVersionAsync(string accountId, string arn, string versionId, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var policy = await RequireLocalPolicyAsync(accountId, arn, ct).ConfigureAwait(false);
            var p = policy.Value;
            if (p.DefaultVersionId == versionId) throw IamErrors.DeleteConflict("Cannot delete the default version of a policy.");
            var remaining = new List<PolicyVersionRecord>(p.Versions);
            if (remaining.RemoveAll(v => v.VersionId == versionId) == 0)
                throw IamErrors.NoSuchEntity($"Policy {arn} version {versionId} does not exist or is not attachable.");
            batch.Put(policy.Key, p with { Versions = remaining }, policy.Revision);
        }, ct);

    public Task SetDefaultPolicyVersionAsync(string accountId, string arn, string versionId, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var policy = await RequireLocalPolicyAsync(accountId, arn, ct).ConfigureAwait(false);
            var p = policy.Value;
            var found = false;
            foreach (var v in p.Versions) found |= v.VersionId == versionId;
            if (!found) throw IamErrors.NoSuchEntity($"Policy {arn} version {versionId} does not exist or is not attachable.");
            batch.Put(policy.Key, p with { DefaultVersionId = versionId, UpdateDate = Now }, policy.Revision);
        }, ct);

    public Task TagPolicyAsync(string accountId, string arn, IReadOnlyList<Tag> tags, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var policy = await RequireLocalPolicyAsync(accountId, arn, ct).ConfigureAwait(false);
            batch.Put(policy.Key, policy.Value with { Tags = MergeTags(policy.Value.Tags, tags, "Policy") }, policy.Revision);
        }, ct);

    public Task UntagPolicyAsync(string accountId, string arn, IReadOnlyList<string> keys, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var policy = await RequireLocalPolicyAsync(accountId, arn, ct).ConfigureAwait(false);
            batch.Put(policy.Key, policy.Value with { Tags = RemoveTags(policy.Value.Tags, keys) }, policy.Revision);
        }, ct);

    /// <summary>Adds to (or removes from) the count of entities using a managed policy as their permissions boundary.</summary>
    private async Task BoundaryUsageAsync(string accountId, string arn, int delta, ChangeBatch batch, CancellationToken ct)
    {
        var policy = await RequirePolicyAsync(accountId, arn, ct).ConfigureAwait(false);
        batch.Put(policy.Key, policy.Value with { PermissionsBoundaryUsageCount = Math.Max(0, policy.Value.PermissionsBoundaryUsageCount + delta) }, policy.Revision);
    }

    private async Task AttachmentCountAsync(string accountId, string arn, int delta, ChangeBatch batch, CancellationToken ct)
    {
        var policy = await RequirePolicyAsync(accountId, arn, ct).ConfigureAwait(false);
        batch.Put(policy.Key, policy.Value with { AttachmentCount = Math.Max(0, policy.Value.AttachmentCount + delta) }, policy.Revision);
    }
}

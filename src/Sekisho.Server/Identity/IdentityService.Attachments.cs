namespace Sekisho.Server.Identity;

public sealed partial class IdentityService
{
    private const int MaxAttachedPolicies = 10;

    /// <summary>An entity's policy-bearing parts, read generically so attach/detach/inline work the same for all three.</summary>
    private sealed record Holder(string Key, long Revision, string Name, IReadOnlyDictionary<string, string> Inline, IReadOnlyList<string> Attached,
        Func<IReadOnlyDictionary<string, string>, IReadOnlyList<string>, object> With);

    private async Task<Holder> RequireHolderAsync(string accountId, PolicyHolderKind kind, string name, CancellationToken ct)
    {
        switch (kind)
        {
            case PolicyHolderKind.User:
            {
                var u = await RequireUserAsync(accountId, name, ct).ConfigureAwait(false);
                return new Holder(u.Key, u.Revision, u.Value.UserName, u.Value.InlinePolicies, u.Value.AttachedPolicyArns,
                    (i, a) => u.Value with { InlinePolicies = i, AttachedPolicyArns = a });
            }
            case PolicyHolderKind.Group:
            {
                var g = await RequireGroupAsync(accountId, name, ct).ConfigureAwait(false);
                return new Holder(g.Key, g.Revision, g.Value.GroupName, g.Value.InlinePolicies, g.Value.AttachedPolicyArns,
                    (i, a) => g.Value with { InlinePolicies = i, AttachedPolicyArns = a });
            }
            default:
            {
                var r = await RequireRoleAsync(accountId, name, ct).ConfigureAwait(false);
                return new Holder(r.Key, r.Revision, r.Value.RoleName, r.Value.InlinePolicies, r.Value.AttachedPolicyArns,
                    (i, a) => r.Value with { InlinePolicies = i, AttachedPolicyArns = a });
            }
        }
    }

    private static void PutHolder(ChangeBatch batch, Holder holder, object value) => batch.Put(holder.Key, value, holder.Revision);

    public Task AttachPolicyAsync(string accountId, PolicyHolderKind kind, string name, string policyArn, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var holder = await RequireHolderAsync(accountId, kind, name, ct).ConfigureAwait(false);
            var policy = await RequirePolicyAsync(accountId, policyArn, ct).ConfigureAwait(false);
            if (ContainsOrdinal(holder.Attached, policy.Value.Arn)) return;
            if (holder.Attached.Count >= MaxAttachedPolicies)
                throw IamErrors.LimitExceeded($"Cannot exceed quota for PoliciesPer{kind}: {MaxAttachedPolicies}");
            PutHolder(batch, holder, holder.With(holder.Inline, With(holder.Attached, policy.Value.Arn)));
            await AttachmentCountAsync(accountId, policyArn, +1, batch, ct).ConfigureAwait(false);
        }, ct);

    public Task DetachPolicyAsync(string accountId, PolicyHolderKind kind, string name, string policyArn, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var holder = await RequireHolderAsync(accountId, kind, name, ct).ConfigureAwait(false);
            if (!ContainsOrdinal(holder.Attached, policyArn))
                throw IamErrors.NoSuchEntity($"Policy {policyArn} was not found.");
            PutHolder(batch, holder, holder.With(holder.Inline, Without(holder.Attached, policyArn)));
            await AttachmentCountAsync(accountId, policyArn, -1, batch, ct).ConfigureAwait(false);
        }, ct);

    /// <summary>The managed policies attached to an entity, as (name, ARN), in attachment order.</summary>
    public async Task<IReadOnlyList<(string PolicyName, string PolicyArn)>> AttachedPoliciesAsync(string accountId, PolicyHolderKind kind, string name,
        string? pathPrefix, CancellationToken ct = default)
    {
        var holder = await RequireHolderAsync(accountId, kind, name, ct).ConfigureAwait(false);
        var result = new List<(string, string)>();
        foreach (var arn in holder.Attached)
        {
            var pathAndName = arn[(arn.IndexOf(":policy/", StringComparison.Ordinal) + ":policy".Length)..];
            var slash = pathAndName.LastIndexOf('/');
            if (pathPrefix is not null && !pathAndName[..(slash + 1)].StartsWith(pathPrefix, StringComparison.Ordinal)) continue;
            result.Add((pathAndName[(slash + 1)..], arn));
        }
        return result;
    }

    public Task PutInlinePolicyAsync(string accountId, PolicyHolderKind kind, string name, string policyName, string document, CancellationToken ct = default)
    {
        PolicyDocuments.Check(document, PolicyDocuments.Kind.Identity);
        return MutateAsync(async batch =>
        {
            var holder = await RequireHolderAsync(accountId, kind, name, ct).ConfigureAwait(false);
            var inline = new Dictionary<string, string>(holder.Inline, StringComparer.Ordinal) { [policyName] = document };
            // AWS's quota is on the total size of an entity's inline policies, whitespace not counted.
            var total = 0;
            foreach (var doc in inline.Values)
                foreach (var c in doc)
                    if (!char.IsWhiteSpace(c)) total++;
            var max = kind switch { PolicyHolderKind.User => 2048, PolicyHolderKind.Group => 5120, _ => 10240 };
            if (total > max)
                throw IamErrors.LimitExceeded($"Maximum policy size of {max} bytes exceeded for {kind.ToString().ToLowerInvariant()} {holder.Name}");
            PutHolder(batch, holder, holder.With(inline, holder.Attached));
        }, ct);
    }

    public async Task<string> GetInlinePolicyAsync(string accountId, PolicyHolderKind kind, string name, string policyName, CancellationToken ct = default)
    {
        var holder = await RequireHolderAsync(accountId, kind, name, ct).ConfigureAwait(false);
        return holder.Inline.TryGetValue(policyName, out var doc)
            ? doc
            : throw IamErrors.NoSuchEntity($"The {kind.ToString().ToLowerInvariant()} policy with name {policyName} cannot be found.");
    }

    public Task DeleteInlinePolicyAsync(string accountId, PolicyHolderKind kind, string name, string policyName, CancellationToken ct = default) =>
        MutateAsync(async batch =>
        {
            var holder = await RequireHolderAsync(accountId, kind, name, ct).ConfigureAwait(false);
            if (!holder.Inline.ContainsKey(policyName))
                throw IamErrors.NoSuchEntity($"The {kind.ToString().ToLowerInvariant()} policy with name {policyName} cannot be found.");
            var inline = new Dictionary<string, string>(holder.Inline, StringComparer.Ordinal);
            inline.Remove(policyName);
            PutHolder(batch, holder, holder.With(inline, holder.Attached));
        }, ct);

    /// <summary>The names of an entity's inline policies, in name order.</summary>
    public async Task<IReadOnlyList<string>> InlinePolicyNamesAsync(string accountId, PolicyHolderKind kind, string name, CancellationToken ct = default)
    {
        var holder = await RequireHolderAsync(accountId, kind, name, ct).ConfigureAwait(false);
        var names = new List<string>(holder.Inline.Keys);
        names.Sort(StringComparer.Ordinal);
        return names;
    }
}

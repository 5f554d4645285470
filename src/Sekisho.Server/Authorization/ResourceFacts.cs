using Sekisho.Policy;

namespace Sekisho.Server.Authorization;

/// <summary>What the owning domain knows of one resource for a decision: its resource-based policy (for
/// sts:AssumeRole, the role's trust policy) and its tags (aws:ResourceTag/*).</summary>
public sealed record ResourceFacts(CompiledPolicy? ResourcePolicy, IReadOnlyDictionary<string, string>? Tags)
{
    public static readonly ResourceFacts None = new(null, null);
}

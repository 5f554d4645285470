namespace Sekisho.Policy.Catalog;

/// <summary>An action of a service with the resource types it acts on and the condition keys it supports.</summary>
public sealed record IamAction(
    string ServicePrefix,
    string Name,
    IReadOnlyList<IamResourceType> ResourceTypes,
    IReadOnlyList<IamConditionKey> ConditionKeys)
{
    /// <summary>The action as a policy names it, e.g. <c>ssm:StartSession</c>.</summary>
    public string FullName => ServicePrefix + ":" + Name;

    /// <summary>
    /// Whether the action supports <paramref name="key"/>: the action lists it, or one of its resource types does.
    /// Global keys (aws:...) are asked of <see cref="IamCatalog.IsGlobalConditionKey"/> instead.
    /// </summary>
    public bool SupportsConditionKey(string key)
    {
        foreach (var k in ConditionKeys)
        {
            if (k.Matches(key)) return true;
        }
        foreach (var rt in ResourceTypes)
        {
            foreach (var k in rt.ConditionKeys)
            {
                if (k.Matches(key)) return true;
            }
        }
        return false;
    }

    /// <summary>Whether a policy's resource can name something this action acts on (<c>*</c> always can).</summary>
    public bool CanActOn(string policyResource)
    {
        if (policyResource == "*") return true;
        foreach (var rt in ResourceTypes)
        {
            if (rt.CanMatch(policyResource)) return true;
        }
        return false;
    }

    public override string ToString() => FullName;
}

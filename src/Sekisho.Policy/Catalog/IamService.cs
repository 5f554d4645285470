namespace Sekisho.Policy.Catalog;

/// <summary>A service in the catalogue: its prefix (<c>ssm</c>), name, actions, resource types and condition keys.</summary>
public sealed record IamService
{
    private readonly Dictionary<string, IamAction> _actionsByName;

    public IamService(string prefix, string name, IReadOnlyList<IamAction> actions, IReadOnlyList<IamResourceType> resourceTypes,
        IReadOnlyList<IamConditionKey> conditionKeys)
    {
        Prefix = prefix;
        Name = name;
        Actions = actions;
        ResourceTypes = resourceTypes;
        ConditionKeys = conditionKeys;
        _actionsByName = new Dictionary<string, IamAction>(actions.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var a in actions) _actionsByName.TryAdd(a.Name, a);
    }

    public string Prefix { get; }
    public string Name { get; }
    public IReadOnlyList<IamAction> Actions { get; }
    public IReadOnlyList<IamResourceType> ResourceTypes { get; }

    /// <summary>The condition keys the service defines (its own, not the keys of other services it mentions).</summary>
    public IReadOnlyList<IamConditionKey> ConditionKeys { get; }

    /// <summary>The action named <paramref name="name"/> (without the prefix), case-insensitively.</summary>
    public IamAction? FindAction(string name) => _actionsByName.GetValueOrDefault(name);

    /// <summary>Whether the service defines <paramref name="key"/> (exactly or through a template).</summary>
    public bool DefinesConditionKey(string key)
    {
        foreach (var k in ConditionKeys)
        {
            if (k.Matches(key)) return true;
        }
        return false;
    }

    public override string ToString() => Prefix;
}

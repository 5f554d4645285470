namespace Sekisho.Cedar.Schema;

/// <summary>
/// A parsed and resolved Cedar schema: entity types and actions with fully qualified names, plus the closures
/// the validator and the schema-directed parsers need (which types may be ancestors of which, which actions
/// are in which action groups).
/// </summary>
public sealed class CedarSchema
{
    private readonly Dictionary<string, HashSet<string>> _descendantTypes;
    private readonly Dictionary<SchemaActionUid, HashSet<SchemaActionUid>> _actionAncestors;

    internal CedarSchema(Dictionary<string, SchemaEntityType> entityTypes, Dictionary<SchemaActionUid, SchemaAction> actions)
    {
        EntityTypes = entityTypes;
        Actions = actions;
        _descendantTypes = ComputeDescendantTypes(entityTypes);
        _actionAncestors = ComputeActionAncestors(actions);
    }

    /// <summary>Entity types by fully qualified name, in declaration order.</summary>
    public IReadOnlyDictionary<string, SchemaEntityType> EntityTypes { get; }

    /// <summary>Actions by uid, in declaration order.</summary>
    public IReadOnlyDictionary<SchemaActionUid, SchemaAction> Actions { get; }

    /// <summary>Parses the human-readable <c>.cedarschema</c> format.</summary>
    public static CedarSchema ParseCedar(string text) => SchemaResolver.Resolve(CedarSchemaParser.Parse(text));

    /// <summary>Parses the JSON schema format.</summary>
    public static CedarSchema ParseJson(string json) => SchemaResolver.Resolve(JsonSchemaParser.Parse(json));

    /// <summary>True when <paramref name="type"/> names an action entity type of this schema.</summary>
    public bool IsActionEntityType(string type)
    {
        foreach (var uid in Actions.Keys)
        {
            if (uid.Type == type) return true;
        }
        return false;
    }

    /// <summary>
    /// The entity types whose entities may be (transitively) in an entity of <paramref name="ancestorType"/>,
    /// according to the <c>in</c> declarations; the type itself is included only when a cycle allows it.
    /// </summary>
    public IReadOnlySet<string> DescendantTypes(string ancestorType) =>
        _descendantTypes.TryGetValue(ancestorType, out var set) ? set : EmptySet;

    /// <summary>The action groups <paramref name="action"/> is transitively a member of (not the action itself).</summary>
    public IReadOnlySet<SchemaActionUid> ActionAncestors(SchemaActionUid action) =>
        _actionAncestors.TryGetValue(action, out var set) ? set : EmptyActionSet;

    private static readonly HashSet<string> EmptySet = [];
    private static readonly HashSet<SchemaActionUid> EmptyActionSet = [];

    private static Dictionary<string, HashSet<string>> ComputeDescendantTypes(Dictionary<string, SchemaEntityType> entityTypes)
    {
        // ancestors[t] = every type an entity of t may be transitively in.
        var ancestors = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var name in entityTypes.Keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>();
            stack.Push(name);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                if (!entityTypes.TryGetValue(current, out var def)) continue;
                foreach (var parent in def.MemberOfTypes)
                {
                    if (seen.Add(parent)) stack.Push(parent);
                }
            }
            ancestors[name] = seen;
        }
        var descendants = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (name, ancestorSet) in ancestors)
        {
            foreach (var ancestor in ancestorSet)
            {
                if (!descendants.TryGetValue(ancestor, out var set)) descendants[ancestor] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(name);
            }
        }
        return descendants;
    }

    private static Dictionary<SchemaActionUid, HashSet<SchemaActionUid>> ComputeActionAncestors(Dictionary<SchemaActionUid, SchemaAction> actions)
    {
        var result = new Dictionary<SchemaActionUid, HashSet<SchemaActionUid>>();
        foreach (var uid in actions.Keys)
        {
            var seen = new HashSet<SchemaActionUid>();
            var stack = new Stack<SchemaActionUid>();
            stack.Push(uid);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                if (!actions.TryGetValue(current, out var def)) continue;
                foreach (var parent in def.MemberOf)
                {
                    if (seen.Add(parent)) stack.Push(parent);
                }
            }
            result[uid] = seen;
        }
        return result;
    }
}

using Sekisho.Cedar.Schema;

namespace Sekisho.Cedar.Validation;

/// <summary>The schema seen through the validator's eyes: typechecker types and the hierarchy queries it asks.</summary>
internal sealed class SchemaInfo
{
    private static readonly VType ClosedEmptyRecord = VType.Record(new SortedDictionary<string, VAttribute>(StringComparer.Ordinal), open: false);

    private readonly Dictionary<string, VType> _attributes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VType?> _tags = new(StringComparer.Ordinal);
    private readonly Dictionary<SchemaActionUid, HashSet<SchemaActionUid>> _actionDescendants = [];

    public SchemaInfo(CedarSchema schema)
    {
        Schema = schema;
        foreach (var (name, type) in schema.EntityTypes)
        {
            _attributes[name] = VType.FromSchemaRecord(type.Shape);
            _tags[name] = type.Tags is null ? null : VType.FromSchema(type.Tags);
        }
        foreach (var uid in schema.Actions.Keys)
        {
            _actionDescendants[uid] = [];
        }
        foreach (var uid in schema.Actions.Keys)
        {
            foreach (var ancestor in schema.ActionAncestors(uid))
            {
                if (_actionDescendants.TryGetValue(ancestor, out var set)) set.Add(uid);
            }
        }
    }

    public CedarSchema Schema { get; }

    public static bool IsActionType(string type) => type == "Action" || type.EndsWith("::Action", StringComparison.Ordinal);

    /// <summary>Action entity types are always "known", as in the reference; only their ids are checked.</summary>
    public bool IsKnownEntityType(string type) => IsActionType(type) || Schema.EntityTypes.ContainsKey(type);

    public bool IsKnownAction(SchemaActionUid uid) => Schema.Actions.ContainsKey(uid);

    /// <summary>The (closed) attribute record of an entity type; empty for actions and unknown types.</summary>
    public VType AttributesOf(string type) => _attributes.TryGetValue(type, out var t) ? t : ClosedEmptyRecord;

    public VType? TagTypeOf(string type) => _tags.GetValueOrDefault(type);

    /// <summary>Entity types that may be open (have undeclared attributes): only types the schema does not know.</summary>
    public bool IsOpenEntityType(string type) => !IsActionType(type) && !Schema.EntityTypes.ContainsKey(type);

    /// <summary>Entity types whose entities may be in an entity of <paramref name="type"/>: its descendants and itself.</summary>
    public HashSet<string> EntityTypesIn(string type)
    {
        var result = new HashSet<string>(Schema.DescendantTypes(type), StringComparer.Ordinal) { type };
        return result;
    }

    /// <summary>The actions that are <c>in</c> one of <paramref name="uids"/> (themselves included); null when one is not a declared action.</summary>
    public HashSet<SchemaActionUid>? ActionsInSet(IEnumerable<SchemaActionUid> uids)
    {
        var result = new HashSet<SchemaActionUid>();
        foreach (var uid in uids)
        {
            if (!_actionDescendants.TryGetValue(uid, out var descendants)) return null;
            result.Add(uid);
            result.UnionWith(descendants);
        }
        return result;
    }

    /// <summary>Whether an action of type <paramref name="lhs"/> may be in an entity of type <paramref name="rhs"/>.</summary>
    public bool ActionMayBeIn(string lhs, string rhs)
    {
        if (lhs == rhs) return true;
        foreach (var (uid, descendants) in _actionDescendants)
        {
            if (uid.Type != rhs) continue;
            foreach (var d in descendants)
            {
                if (d.Type == lhs) return true;
            }
        }
        return false;
    }
}

using Sekisho.Cedar.Entities;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Schema;

/// <summary>
/// The schema's expected types for entity and context JSON, so that the implicit forms are read as the
/// reference reads them with a schema: a string where an extension type is declared is that extension's
/// constructor argument, <c>{"type", "id"}</c> where an entity is declared is an entity reference, and records
/// are typed field by field. Unknown entity types, attributes and actions give no hint (the plain JSON rules
/// apply and <see cref="SchemaEntityConformance"/> reports them).
/// </summary>
public sealed class SchemaJsonTypeHints : IJsonTypeHints
{
    private readonly Dictionary<string, Dictionary<string, JsonTypeHint>> _attributes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonTypeHint> _tags = new(StringComparer.Ordinal);
    private readonly Dictionary<SchemaActionUid, JsonTypeHint> _contexts = [];

    public SchemaJsonTypeHints(CedarSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        foreach (var (name, type) in schema.EntityTypes)
        {
            _attributes[name] = new Dictionary<string, JsonTypeHint>(ToHint(type.Shape).Fields!, StringComparer.Ordinal);
            if (type.Tags is not null) _tags[name] = ToHint(type.Tags);
        }
        foreach (var (uid, action) in schema.Actions)
        {
            _contexts[uid] = ToHint(action.Context);
        }
    }

    public JsonTypeHint? AttributeType(string entityType, string attribute) =>
        _attributes.TryGetValue(entityType, out var attrs) && attrs.TryGetValue(attribute, out var hint) ? hint : null;

    public JsonTypeHint? TagType(string entityType) => _tags.GetValueOrDefault(entityType);

    public JsonTypeHint? ContextType(EntityUid action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return _contexts.GetValueOrDefault(new SchemaActionUid(action.Type, action.Id));
    }

    /// <summary>The JSON reading hint for a schema type.</summary>
    public static JsonTypeHint ToHint(SchemaType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        switch (type.Kind)
        {
            case SchemaTypeKind.Bool: return JsonTypeHint.Bool;
            case SchemaTypeKind.Long: return JsonTypeHint.Long;
            case SchemaTypeKind.String: return JsonTypeHint.String;
            case SchemaTypeKind.Set: return JsonTypeHint.Set(ToHint(type.Element!));
            case SchemaTypeKind.Entity: return JsonTypeHint.Entity(type.Name);
            case SchemaTypeKind.Extension: return JsonTypeHint.Extension(type.Name!);
            default:
                var fields = new Dictionary<string, JsonTypeHint>(StringComparer.Ordinal);
                foreach (var (name, attr) in type.Attributes!)
                {
                    fields[name] = ToHint(attr.Type);
                }
                return JsonTypeHint.Record(fields);
        }
    }
}

namespace Sekisho.Cedar.Schema;

/// <summary>
/// A fully resolved schema type: common types are already expanded and every entity type name is fully
/// qualified, so consumers never see a name that still needs the schema to be understood.
/// </summary>
public sealed record SchemaType
{
    public static readonly SchemaType Bool = new(SchemaTypeKind.Bool, null, null, null);
    public static readonly SchemaType Long = new(SchemaTypeKind.Long, null, null, null);
    public static readonly SchemaType String = new(SchemaTypeKind.String, null, null, null);
    public static readonly SchemaType EmptyRecord = Record(new Dictionary<string, SchemaAttribute>(StringComparer.Ordinal));

    private SchemaType(SchemaTypeKind kind, string? name, SchemaType? element, IReadOnlyDictionary<string, SchemaAttribute>? attributes)
    {
        Kind = kind;
        Name = name;
        Element = element;
        Attributes = attributes;
    }

    public SchemaTypeKind Kind { get; }

    /// <summary>The entity type name (for <see cref="SchemaTypeKind.Entity"/>) or extension type name.</summary>
    public string? Name { get; }

    /// <summary>The element type of a set.</summary>
    public SchemaType? Element { get; }

    /// <summary>The attributes of a record, in declaration order.</summary>
    public IReadOnlyDictionary<string, SchemaAttribute>? Attributes { get; }

    public static SchemaType Set(SchemaType element) => new(SchemaTypeKind.Set, null, element, null);

    public static SchemaType Record(IReadOnlyDictionary<string, SchemaAttribute> attributes) =>
        new(SchemaTypeKind.Record, null, null, attributes);

    public static SchemaType Entity(string typeName) => new(SchemaTypeKind.Entity, typeName, null, null);

    public static SchemaType Extension(string name) => new(SchemaTypeKind.Extension, name, null, null);

    /// <summary>The type as the reference's error messages write it.</summary>
    public override string ToString() => Kind switch
    {
        SchemaTypeKind.Bool => "Bool",
        SchemaTypeKind.Long => "Long",
        SchemaTypeKind.String => "String",
        SchemaTypeKind.Set => $"Set<{Element}>",
        SchemaTypeKind.Entity => $"(entity of type `{Name}`)",
        SchemaTypeKind.Extension => Name!,
        _ => RecordToString(),
    };

    private string RecordToString()
    {
        var parts = new List<string>();
        foreach (var (name, attr) in Attributes!)
        {
            parts.Add($"{name}{(attr.Required ? "" : "?")}: {attr.Type}");
        }
        return "{" + string.Join(", ", parts) + "}";
    }
}

using System.Text;
using Sekisho.Cedar.Schema;

namespace Sekisho.Cedar.Validation;

/// <summary>
/// The typechecker's types: the schema's types plus singleton booleans (so short-circuiting can be tracked),
/// the bottom type, sets of unknown element type, open records and unions of entity types. Compared
/// structurally.
/// </summary>
internal sealed class VType : IEquatable<VType>
{
    public static readonly VType Never = new(VTypeKind.Never);
    public static readonly VType True = new(VTypeKind.True);
    public static readonly VType False = new(VTypeKind.False);
    public static readonly VType Bool = new(VTypeKind.Bool);
    public static readonly VType Long = new(VTypeKind.Long);
    public static readonly VType String = new(VTypeKind.String);
    public static readonly VType AnyEntity = new(VTypeKind.AnyEntity);
    public static readonly VType AnySet = new(VTypeKind.Set);
    public static readonly VType AnyRecord = new(VTypeKind.Record) { Attributes = new SortedDictionary<string, VAttribute>(StringComparer.Ordinal), Open = true };

    private VType(VTypeKind kind) => Kind = kind;

    public VTypeKind Kind { get; }

    /// <summary>Element of a set; null for "a set of anything".</summary>
    public VType? Element { get; private init; }

    public SortedDictionary<string, VAttribute>? Attributes { get; private init; }

    public bool Open { get; private init; }

    /// <summary>The entity types of an entity union, sorted ordinally, never empty.</summary>
    public string[]? Entities { get; private init; }

    public string? ExtensionName { get; private init; }

    public static VType Singleton(bool value) => value ? True : False;

    public static VType SetOf(VType element) => new(VTypeKind.Set) { Element = element };

    public static VType Record(SortedDictionary<string, VAttribute> attributes, bool open) =>
        new(VTypeKind.Record) { Attributes = attributes, Open = open };

    public static VType Entity(string type) => new(VTypeKind.Entity) { Entities = [type] };

    public static VType EntityUnion(IEnumerable<string> types)
    {
        var set = new SortedSet<string>(types, StringComparer.Ordinal);
        return new VType(VTypeKind.Entity) { Entities = [.. set] };
    }

    public static VType Extension(string name) => new(VTypeKind.Extension) { ExtensionName = name };

    public bool IsBoolean => Kind is VTypeKind.True or VTypeKind.False or VTypeKind.Bool;

    public string? SingleEntity => Kind == VTypeKind.Entity && Entities!.Length == 1 ? Entities[0] : null;

    public static VType FromSchema(SchemaType type) => type.Kind switch
    {
        SchemaTypeKind.Bool => Bool,
        SchemaTypeKind.Long => Long,
        SchemaTypeKind.String => String,
        SchemaTypeKind.Set => SetOf(FromSchema(type.Element!)),
        SchemaTypeKind.Entity => Entity(type.Name!),
        SchemaTypeKind.Extension => Extension(type.Name!),
        _ => FromSchemaRecord(type),
    };

    public static VType FromSchemaRecord(SchemaType record)
    {
        var attributes = new SortedDictionary<string, VAttribute>(StringComparer.Ordinal);
        foreach (var (name, attr) in record.Attributes!)
        {
            attributes[name] = new VAttribute(FromSchema(attr.Type), attr.Required);
        }
        return Record(attributes, open: false);
    }

    public bool Equals(VType? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (Kind != other.Kind) return false;
        switch (Kind)
        {
            case VTypeKind.Set:
                return Element is null ? other.Element is null : other.Element is not null && Element.Equals(other.Element);
            case VTypeKind.Record:
                if (Open != other.Open || Attributes!.Count != other.Attributes!.Count) return false;
                foreach (var (name, attr) in Attributes)
                {
                    if (!other.Attributes.TryGetValue(name, out var o) || o.Required != attr.Required || !o.Type.Equals(attr.Type)) return false;
                }
                return true;
            case VTypeKind.Entity:
                return Entities!.AsSpan().SequenceEqual(other.Entities);
            case VTypeKind.Extension:
                return ExtensionName == other.ExtensionName;
            default:
                return true;
        }
    }

    public override bool Equals(object? obj) => obj is VType other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        VTypeKind.Entity => HashCode.Combine(Kind, Entities!.Length, Entities[0]),
        VTypeKind.Extension => HashCode.Combine(Kind, ExtensionName),
        VTypeKind.Record => HashCode.Combine(Kind, Attributes!.Count),
        _ => Kind.GetHashCode(),
    };

    /// <summary>The type as the reference's messages write it.</summary>
    public override string ToString()
    {
        switch (Kind)
        {
            case VTypeKind.Never: return "__cedar::internal::Never";
            case VTypeKind.True: return "__cedar::internal::True";
            case VTypeKind.False: return "__cedar::internal::False";
            case VTypeKind.Bool: return "Bool";
            case VTypeKind.Long: return "Long";
            case VTypeKind.String: return "String";
            case VTypeKind.AnyEntity: return "__cedar::internal::AnyEntity";
            case VTypeKind.Extension: return ExtensionName!;
            case VTypeKind.Set: return Element is null ? "Set<__cedar::internal::Any>" : $"Set<{Element}>";
            case VTypeKind.Entity: return Entities!.Length == 1 ? Entities[0] : $"__cedar::internal::Union<{string.Join(", ", Entities)}>";
            default:
                var sb = new StringBuilder(Open ? "__cedar::internal::OpenRecord{" : "{");
                foreach (var (name, attr) in Attributes!)
                {
                    sb.Append(name).Append(attr.Required ? "" : "?").Append(": ").Append(attr.Type).Append(',');
                }
                return sb.Append('}').ToString();
        }
    }
}

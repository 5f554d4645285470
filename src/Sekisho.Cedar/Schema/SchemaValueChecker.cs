using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Schema;

/// <summary>Whether a value has a schema type (records are closed: no undeclared attributes), and why not.</summary>
internal static class SchemaValueChecker
{
    /// <summary>Null when <paramref name="value"/> has type <paramref name="type"/>, else the reason.</summary>
    public static string? Mismatch(Value value, SchemaType type)
    {
        switch (type.Kind)
        {
            case SchemaTypeKind.Bool: return value.Kind == ValueKind.Bool ? null : Expected(type, value);
            case SchemaTypeKind.Long: return value.Kind == ValueKind.Long ? null : Expected(type, value);
            case SchemaTypeKind.String: return value.Kind == ValueKind.String ? null : Expected(type, value);
            case SchemaTypeKind.Entity:
                return value.Kind == ValueKind.Entity && value.AsEntity.Type == type.Name ? null : Expected(type, value);
            case SchemaTypeKind.Extension:
                return value.Kind == ValueKind.Extension && value.AsExtension.TypeName == type.Name ? null : Expected(type, value);
            case SchemaTypeKind.Set:
                if (value.Kind != ValueKind.Set) return Expected(type, value);
                foreach (var item in value.AsSet.Items)
                {
                    if (Mismatch(item, type.Element!) is { } why) return why;
                }
                return null;
            default:
                if (value.Kind != ValueKind.Record) return Expected(type, value);
                return RecordMismatch(value.AsRecord, type);
        }
    }

    public static string? RecordMismatch(CedarRecord record, SchemaType type)
    {
        foreach (var (name, attr) in type.Attributes!)
        {
            if (attr.Required && !record.TryGetValue(name, out _)) return $"required attribute `{name}` is missing";
        }
        foreach (var (name, v) in record.Attributes)
        {
            if (!type.Attributes.TryGetValue(name, out var attr)) return $"attribute `{name}` is not declared";
            if (Mismatch(v, attr.Type) is { } why) return $"in attribute `{name}`: {why}";
        }
        return null;
    }

    private static string Expected(SchemaType type, Value value) => $"expected a value of type {type}, found {value}";
}

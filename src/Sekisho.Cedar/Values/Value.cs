using System.Text;

namespace Sekisho.Cedar.Values;

/// <summary>
/// A Cedar value. A struct so that booleans and longs (most of what a condition computes) cost no allocation;
/// strings, entity references, sets, records and extension values are held by reference.
/// </summary>
public readonly struct Value : IEquatable<Value>
{
    private readonly object? _ref;
    private readonly long _num;

    private Value(ValueKind kind, long num, object? reference)
    {
        Kind = kind;
        _num = num;
        _ref = reference;
    }

    public ValueKind Kind { get; }

    public static Value True { get; } = new(ValueKind.Bool, 1, null);

    public static Value False { get; } = new(ValueKind.Bool, 0, null);

    public static Value FromBool(bool value) => value ? True : False;

    public static Value FromLong(long value) => new(ValueKind.Long, value, null);

    public static Value FromString(string value) => new(ValueKind.String, 0, value ?? throw new ArgumentNullException(nameof(value)));

    public static Value FromEntity(EntityUid uid) => new(ValueKind.Entity, 0, uid ?? throw new ArgumentNullException(nameof(uid)));

    public static Value FromSet(CedarSet set) => new(ValueKind.Set, 0, set ?? throw new ArgumentNullException(nameof(set)));

    public static Value FromRecord(CedarRecord record) => new(ValueKind.Record, 0, record ?? throw new ArgumentNullException(nameof(record)));

    public static Value FromExtension(IExtensionValue value) => new(ValueKind.Extension, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>The boolean; only meaningful when <see cref="Kind"/> is <see cref="ValueKind.Bool"/>.</summary>
    public bool AsBool => _num != 0;

    public long AsLong => _num;

    public string AsString => (string)_ref!;

    public EntityUid AsEntity => (EntityUid)_ref!;

    public CedarSet AsSet => (CedarSet)_ref!;

    public CedarRecord AsRecord => (CedarRecord)_ref!;

    public IExtensionValue AsExtension => (IExtensionValue)_ref!;

    /// <summary>The type name used in error messages: bool, long, string, entity, set, record, or the extension's name.</summary>
    public string TypeName => Kind switch
    {
        ValueKind.Bool => "bool",
        ValueKind.Long => "long",
        ValueKind.String => "string",
        ValueKind.Entity => "(entity of type `" + AsEntity.Type + "`)",
        ValueKind.Set => "set",
        ValueKind.Record => "record",
        _ => AsExtension.TypeName,
    };

    public bool Equals(Value other)
    {
        if (Kind != other.Kind) return false;
        return Kind switch
        {
            ValueKind.Bool or ValueKind.Long => _num == other._num,
            ValueKind.String => string.Equals((string)_ref!, (string)other._ref!, StringComparison.Ordinal),
            ValueKind.Entity => ((EntityUid)_ref!).Equals((EntityUid)other._ref!),
            ValueKind.Set => ((CedarSet)_ref!).Equals((CedarSet)other._ref!),
            ValueKind.Record => ((CedarRecord)_ref!).Equals((CedarRecord)other._ref!),
            _ => _ref!.Equals(other._ref),
        };
    }

    public override bool Equals(object? obj) => obj is Value other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        ValueKind.Bool or ValueKind.Long => HashCode.Combine(Kind, _num),
        ValueKind.String => StringComparer.Ordinal.GetHashCode((string)_ref!),
        _ => _ref!.GetHashCode(),
    };

    public static bool operator ==(Value left, Value right) => left.Equals(right);

    public static bool operator !=(Value left, Value right) => !left.Equals(right);

    /// <summary>The value in Cedar syntax.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendTo(sb);
        return sb.ToString();
    }

    public void AppendTo(StringBuilder sb)
    {
        ArgumentNullException.ThrowIfNull(sb);
        switch (Kind)
        {
            case ValueKind.Bool: sb.Append(AsBool ? "true" : "false"); break;
            case ValueKind.Long: sb.Append(_num.ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
            case ValueKind.String: CedarString.AppendQuoted(sb, AsString); break;
            case ValueKind.Entity: sb.Append(AsEntity.ToString()); break;
            case ValueKind.Set:
                sb.Append('[');
                var first = true;
                foreach (var v in AsSet.Items)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    v.AppendTo(sb);
                }
                sb.Append(']');
                break;
            case ValueKind.Record:
                sb.Append('{');
                var rec = AsRecord;
                for (var i = 0; i < rec.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    CedarString.AppendQuoted(sb, rec.KeyAt(i));
                    sb.Append(": ");
                    rec.ValueAt(i).AppendTo(sb);
                }
                sb.Append('}');
                break;
            default: sb.Append(AsExtension.ToCedarString()); break;
        }
    }
}

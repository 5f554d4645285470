using System.Collections.Immutable;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>
/// A Cedar type in the fuzzer's world model: drives which values entities carry, which expressions make sense
/// over them, and the schema text printed for the case.
/// </summary>
public sealed record FuzzType(FuzzTypeKind Kind, FuzzType? Element = null, string? EntityType = null,
    ImmutableArray<FuzzAttribute> Attributes = default)
{
    public static readonly FuzzType Bool = new(FuzzTypeKind.Bool);
    public static readonly FuzzType Long = new(FuzzTypeKind.Long);
    public static readonly FuzzType String = new(FuzzTypeKind.String);
    public static readonly FuzzType IpAddr = new(FuzzTypeKind.IpAddr);
    public static readonly FuzzType Decimal = new(FuzzTypeKind.Decimal);
    public static readonly FuzzType Datetime = new(FuzzTypeKind.Datetime);
    public static readonly FuzzType Duration = new(FuzzTypeKind.Duration);

    public static FuzzType SetOf(FuzzType element) => new(FuzzTypeKind.Set, Element: element);

    public static FuzzType EntityOf(string type) => new(FuzzTypeKind.Entity, EntityType: type);

    public static FuzzType RecordOf(ImmutableArray<FuzzAttribute> attributes) => new(FuzzTypeKind.Record, Attributes: attributes);

    public ImmutableArray<FuzzAttribute> Fields => Attributes.IsDefault ? [] : Attributes;

    /// <summary>The type in <c>.cedarschema</c> syntax.</summary>
    public string ToSchema() => Kind switch
    {
        FuzzTypeKind.Bool => "Bool",
        FuzzTypeKind.Long => "Long",
        FuzzTypeKind.String => "String",
        FuzzTypeKind.Set => $"Set<{Element!.ToSchema()}>",
        FuzzTypeKind.Record => "{" + string.Join(", ", Fields.Select(a => a.ToSchema())) + "}",
        FuzzTypeKind.Entity => EntityType!,
        FuzzTypeKind.IpAddr => "ipaddr",
        FuzzTypeKind.Decimal => "decimal",
        FuzzTypeKind.Datetime => "datetime",
        FuzzTypeKind.Duration => "duration",
        _ => throw new InvalidOperationException(Kind.ToString()),
    };

    public bool Equivalent(FuzzType other) => ToSchema() == other.ToSchema();
}

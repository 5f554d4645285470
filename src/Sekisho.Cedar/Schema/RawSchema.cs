namespace Sekisho.Cedar.Schema;

/// <summary>How a raw type names something, which decides where the resolver may look the name up.</summary>
internal enum RawTypeKind
{
    /// <summary>A name that may be a common type, an entity type or a builtin (the human format's only kind).</summary>
    CommonOrEntity,
    /// <summary>JSON <c>{"type":"Entity","name":...}</c>.</summary>
    Entity,
    /// <summary>JSON <c>{"type":"Extension","name":...}</c>, or a primitive written in JSON.</summary>
    Builtin,
    /// <summary>JSON <c>{"type":"SomeCommonType"}</c>.</summary>
    Common,
    Set,
    Record,
}

internal sealed record RawType(RawTypeKind Kind, string? Name, RawType? Element, IReadOnlyList<RawAttribute>? Attributes, SourceSpot Spot);

internal sealed record RawAttribute(string Name, RawType Type, bool Required, SourceSpot Spot);

internal readonly record struct SourceSpot(int Line, int Column, string? JsonPath)
{
    public SchemaException Error(string reason) => new(reason, Line, Column, JsonPath);
}

internal sealed record RawName(string Name, SourceSpot Spot);

internal sealed record RawActionRef(string? Type, string Id, SourceSpot Spot);

internal sealed record RawEntityDecl(string Name, IReadOnlyList<RawName> MemberOf, RawType? Shape, RawType? Tags, IReadOnlyList<string>? EnumIds, SourceSpot Spot);

internal sealed record RawActionDecl(
    string Name,
    IReadOnlyList<RawActionRef> MemberOf,
    IReadOnlyList<RawName>? PrincipalTypes,
    IReadOnlyList<RawName>? ResourceTypes,
    RawType? Context,
    SourceSpot Spot);

internal sealed record RawCommonType(string Name, RawType Type, SourceSpot Spot);

internal sealed class RawNamespace(string name, SourceSpot spot)
{
    public string Name { get; } = name;

    public SourceSpot Spot { get; } = spot;

    public List<RawEntityDecl> Entities { get; } = [];

    public List<RawActionDecl> Actions { get; } = [];

    public List<RawCommonType> CommonTypes { get; } = [];
}

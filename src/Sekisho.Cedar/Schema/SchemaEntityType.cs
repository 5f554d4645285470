namespace Sekisho.Cedar.Schema;

/// <summary>
/// An entity type declared in a schema. <see cref="EnumIds"/> is set for enumerated types, whose only valid
/// entities are those ids; such types have no attributes and no parents.
/// </summary>
public sealed record SchemaEntityType(
    string Name,
    IReadOnlyList<string> MemberOfTypes,
    SchemaType Shape,
    SchemaType? Tags,
    IReadOnlyList<string>? EnumIds);

namespace Sekisho.Cedar.Schema;

/// <summary>The shape of a <see cref="SchemaType"/>.</summary>
public enum SchemaTypeKind
{
    Bool,
    Long,
    String,
    Set,
    Record,
    Entity,
    Extension,
}

namespace Sekisho.Cedar.Entities;

/// <summary>The expected type of a JSON value, as a schema knows it.</summary>
public enum JsonTypeKind : byte
{
    Unknown,
    Bool,
    Long,
    String,
    Entity,
    Extension,
    Set,
    Record,
}

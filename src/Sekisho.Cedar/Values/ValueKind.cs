namespace Sekisho.Cedar.Values;

/// <summary>The runtime type of a Cedar <see cref="Value"/>.</summary>
public enum ValueKind : byte
{
    Bool,
    Long,
    String,
    Entity,
    Set,
    Record,
    Extension,
}

namespace Sekisho.Cedar.Validation;

internal enum VTypeKind
{
    Never,
    True,
    False,
    Bool,
    Long,
    String,
    Set,
    Record,
    AnyEntity,
    Entity,
    Extension,
}

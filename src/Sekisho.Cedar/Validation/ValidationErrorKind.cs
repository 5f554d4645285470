namespace Sekisho.Cedar.Validation;

/// <summary>The reference validator's error kinds (cedar-policy 4.10-4.12, strict mode).</summary>
public enum ValidationErrorKind
{
    UnrecognizedEntityType,
    UnrecognizedActionId,
    InvalidActionApplication,
    InvalidEnumEntity,
    UnexpectedType,
    IncompatibleTypes,
    UnsafeAttributeAccess,
    UnsafeOptionalAttributeAccess,
    UnsafeTagAccess,
    NoTagsAllowed,
    UndefinedFunction,
    WrongNumberArguments,
    FunctionArgumentValidation,
    EmptySetForbidden,
    NonLiteralExtensionConstructor,
}

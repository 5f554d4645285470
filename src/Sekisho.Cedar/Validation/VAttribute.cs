namespace Sekisho.Cedar.Validation;

internal readonly record struct VAttribute(VType Type, bool Required);

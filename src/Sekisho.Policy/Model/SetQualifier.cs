namespace Sekisho.Policy;

/// <summary>The set qualifier prefixed to a condition operator for multivalued context keys.</summary>
public enum SetQualifier
{
    None,
    ForAllValues,
    ForAnyValue,
}

namespace Sekisho.Cedar.Extensions;

/// <summary>
/// The Cedar types that appear in extension function signatures. Deliberately local to the extensions so they
/// stay independent of the evaluator's value model; <see cref="ExtensionFunctions.TypeName"/> gives the Cedar
/// spelling.
/// </summary>
public enum ExtensionType
{
    String,
    Long,
    Bool,
    IpAddr,
    Decimal,
    Datetime,
    Duration,
}

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>The Cedar types the fuzzer generates values and expressions of.</summary>
public enum FuzzTypeKind
{
    Bool,
    Long,
    String,
    Set,
    Record,
    Entity,
    IpAddr,
    Decimal,
    Datetime,
    Duration,
}

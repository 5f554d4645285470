using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Sekisho.Cedar.Extensions;

/// <summary>
/// The catalogue of Cedar 4 extension functions (cedar-policy 4.12 with default features), for the evaluator
/// and the validator. <c>isInRange</c> takes exactly one range: the variadic form is behind a non-default
/// reference feature.
/// </summary>
public static class ExtensionFunctions
{
    /// <summary>Every extension function, grouped by extension in the reference's order.</summary>
    public static ImmutableArray<ExtensionFunction> All { get; } = Build();

    private static readonly FrozenDictionary<string, ExtensionFunction> ByName =
        All.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>Looks a function up by its name as written in a policy (names are unique across extensions).</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out ExtensionFunction? function) =>
        ByName.TryGetValue(name, out function);

    /// <summary>The Cedar spelling of a type: <c>String</c>, <c>Long</c>, <c>Bool</c>, or the extension type name.</summary>
    public static string TypeName(ExtensionType type) => type switch
    {
        ExtensionType.String => "String",
        ExtensionType.Long => "Long",
        ExtensionType.Bool => "Bool",
        ExtensionType.IpAddr => "ipaddr",
        ExtensionType.Decimal => "decimal",
        ExtensionType.Datetime => "datetime",
        ExtensionType.Duration => "duration",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not an extension signature type"),
    };

    /// <summary>
    /// The spelling the reference uses in evaluation error messages, all lowercase: "type error: expected string,
    /// got long", "expected ipaddr, got string".
    /// </summary>
    public static string MessageTypeName(ExtensionType type) => type switch
    {
        ExtensionType.String => "string",
        ExtensionType.Long => "long",
        ExtensionType.Bool => "bool",
        _ => TypeName(type),
    };

    /// <summary>Parses an extension type name (<c>ipaddr</c>, <c>decimal</c>, <c>datetime</c>, <c>duration</c>).</summary>
    public static bool TryParseExtensionType(string name, out ExtensionType type)
    {
        switch (name)
        {
            case "ipaddr": type = ExtensionType.IpAddr; return true;
            case "decimal": type = ExtensionType.Decimal; return true;
            case "datetime": type = ExtensionType.Datetime; return true;
            case "duration": type = ExtensionType.Duration; return true;
            default: type = default; return false;
        }
    }

    /// <summary>True for the four extension types, false for String, Long and Bool.</summary>
    public static bool IsExtensionType(ExtensionType type) =>
        type is ExtensionType.IpAddr or ExtensionType.Decimal or ExtensionType.Datetime or ExtensionType.Duration;

    /// <summary>
    /// Whether <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c> accept two values of this type (both operands must have the
    /// same type). Only datetime and duration do; decimal is compared with its methods.
    /// </summary>
    public static bool SupportsComparisonOperators(ExtensionType type) =>
        type is ExtensionType.Datetime or ExtensionType.Duration;

    /// <summary>
    /// The reference's advice when a string is passed where an extension value is expected, e.g.
    /// "maybe you forgot to apply the `ip` constructor?" (note: <c>ip</c> for ipaddr, not the type name).
    /// </summary>
    public static string ForgotConstructorAdvice(ExtensionType type) =>
        $"maybe you forgot to apply the `{ConstructorName(type)}` constructor?";

    /// <summary>The constructor of an extension type: ip, decimal, datetime, duration.</summary>
    public static string ConstructorName(ExtensionType type) => type switch
    {
        ExtensionType.IpAddr => "ip",
        ExtensionType.Decimal => "decimal",
        ExtensionType.Datetime => "datetime",
        ExtensionType.Duration => "duration",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not an extension type"),
    };

    private static ImmutableArray<ExtensionFunction> Build()
    {
        const ExtensionType S = ExtensionType.String;
        const ExtensionType L = ExtensionType.Long;
        const ExtensionType B = ExtensionType.Bool;
        const ExtensionType Ip = ExtensionType.IpAddr;
        const ExtensionType Dec = ExtensionType.Decimal;
        const ExtensionType Dt = ExtensionType.Datetime;
        const ExtensionType Dur = ExtensionType.Duration;
        const ExtensionCallStyle F = ExtensionCallStyle.Function;
        const ExtensionCallStyle M = ExtensionCallStyle.Method;

        return
        [
            new("ip", "ipaddr", F, [S], Ip),
            new("isIpv4", "ipaddr", M, [Ip], B),
            new("isIpv6", "ipaddr", M, [Ip], B),
            new("isLoopback", "ipaddr", M, [Ip], B),
            new("isMulticast", "ipaddr", M, [Ip], B),
            new("isInRange", "ipaddr", M, [Ip, Ip], B),

            new("decimal", "decimal", F, [S], Dec),
            new("lessThan", "decimal", M, [Dec, Dec], B),
            new("lessThanOrEqual", "decimal", M, [Dec, Dec], B),
            new("greaterThan", "decimal", M, [Dec, Dec], B),
            new("greaterThanOrEqual", "decimal", M, [Dec, Dec], B),

            new("datetime", "datetime", F, [S], Dt),
            new("duration", "datetime", F, [S], Dur),
            new("offset", "datetime", M, [Dt, Dur], Dt),
            new("durationSince", "datetime", M, [Dt, Dt], Dur),
            new("toDate", "datetime", M, [Dt], Dt),
            new("toTime", "datetime", M, [Dt], Dur),
            new("toMilliseconds", "datetime", M, [Dur], L),
            new("toSeconds", "datetime", M, [Dur], L),
            new("toMinutes", "datetime", M, [Dur], L),
            new("toHours", "datetime", M, [Dur], L),
            new("toDays", "datetime", M, [Dur], L),
        ];
    }
}

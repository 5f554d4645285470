using Sekisho.Cedar.Extensions;
using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Evaluation;

/// <summary>
/// Applies the extension functions of <see cref="ExtensionFunctions"/> to Cedar values: arity and argument
/// types are checked here, the operations themselves are the extension types' own.
/// </summary>
public static class ExtensionCalls
{
    /// <summary>Calls extension function <paramref name="name"/>; a method's receiver is <c>args[0]</c>.</summary>
    public static Value Invoke(string name, ReadOnlySpan<Value> args, SourceSpan span)
    {
        if (!ExtensionFunctions.TryGet(name, out var fn))
            throw new EvaluationException(EvaluationErrorKind.ExtensionError, $"extension function `{name}` does not exist", span);
        if (args.Length != fn.Parameters.Length)
            throw new EvaluationException(EvaluationErrorKind.ExtensionError,
                $"wrong number of arguments provided to extension function `{name}`: expected {fn.Parameters.Length}, got {args.Length}", span);
        for (var i = 0; i < args.Length; i++) CheckType(fn.Parameters[i], args[i], span);
        switch (name)
        {
            case "ip":
                return CedarIpAddr.TryParse(args[0].AsString, out var ip, out var ipErr)
                    ? Value.FromExtension(new IpAddrValue(ip))
                    : throw Failure(ipErr, span);
            case "decimal":
                return CedarDecimal.TryParse(args[0].AsString, out var dec, out var decErr)
                    ? Value.FromExtension(new DecimalValue(dec))
                    : throw Failure(decErr, span);
            case "datetime":
                return CedarDatetime.TryParse(args[0].AsString, out var dt, out var dtErr)
                    ? Value.FromExtension(new DatetimeValue(dt))
                    : throw Failure(dtErr, span);
            case "duration":
                return CedarDuration.TryParse(args[0].AsString, out var dur, out var durErr)
                    ? Value.FromExtension(new DurationValue(dur))
                    : throw Failure(durErr, span);
            case "isIpv4": return Value.FromBool(Ip(args[0]).IsIpv4);
            case "isIpv6": return Value.FromBool(Ip(args[0]).IsIpv6);
            case "isLoopback": return Value.FromBool(Ip(args[0]).IsLoopback);
            case "isMulticast": return Value.FromBool(Ip(args[0]).IsMulticast);
            case "isInRange": return Value.FromBool(Ip(args[0]).IsInRange(Ip(args[1])));
            case "lessThan": return Value.FromBool(Dec(args[0]).LessThan(Dec(args[1])));
            case "lessThanOrEqual": return Value.FromBool(Dec(args[0]).LessThanOrEqual(Dec(args[1])));
            case "greaterThan": return Value.FromBool(Dec(args[0]).GreaterThan(Dec(args[1])));
            case "greaterThanOrEqual": return Value.FromBool(Dec(args[0]).GreaterThanOrEqual(Dec(args[1])));
            case "offset":
                return Dt(args[0]).TryOffset(Dur(args[1]), out var off, out var offErr)
                    ? Value.FromExtension(new DatetimeValue(off))
                    : throw Failure(offErr, span);
            case "durationSince":
                return Dt(args[0]).TryDurationSince(Dt(args[1]), out var since, out var sinceErr)
                    ? Value.FromExtension(new DurationValue(since))
                    : throw Failure(sinceErr, span);
            case "toDate":
                return Dt(args[0]).TryToDate(out var date, out var dateErr)
                    ? Value.FromExtension(new DatetimeValue(date))
                    : throw Failure(dateErr, span);
            case "toTime": return Value.FromExtension(new DurationValue(Dt(args[0]).ToTime()));
            case "toMilliseconds": return Value.FromLong(Dur(args[0]).ToMilliseconds());
            case "toSeconds": return Value.FromLong(Dur(args[0]).ToSeconds());
            case "toMinutes": return Value.FromLong(Dur(args[0]).ToMinutes());
            case "toHours": return Value.FromLong(Dur(args[0]).ToHours());
            case "toDays": return Value.FromLong(Dur(args[0]).ToDays());
            default:
                throw new EvaluationException(EvaluationErrorKind.ExtensionError, $"extension function `{name}` is not implemented", span);
        }
    }

    /// <summary>Constructs an extension value from its string form (for <c>__extn</c> and schema-typed JSON).</summary>
    public static Value Construct(string constructor, string argument, SourceSpan span)
    {
        Span<Value> one = [Value.FromString(argument)];
        if (!ExtensionFunctions.TryGet(constructor, out var fn) || !fn.IsConstructor)
            throw new EvaluationException(EvaluationErrorKind.ExtensionError, $"`{constructor}` is not an extension constructor", span);
        return Invoke(constructor, one, span);
    }

    private static CedarIpAddr Ip(Value v) => ((IpAddrValue)v.AsExtension).Value;

    private static CedarDecimal Dec(Value v) => ((DecimalValue)v.AsExtension).Value;

    private static CedarDatetime Dt(Value v) => ((DatetimeValue)v.AsExtension).Value;

    private static CedarDuration Dur(Value v) => ((DurationValue)v.AsExtension).Value;

    private static EvaluationException Failure(ExtensionError error, SourceSpan span) =>
        new(EvaluationErrorKind.ExtensionError, error.ToString(), span);

    private static void CheckType(ExtensionType expected, Value actual, SourceSpan span)
    {
        var ok = expected switch
        {
            ExtensionType.String => actual.Kind == ValueKind.String,
            ExtensionType.Long => actual.Kind == ValueKind.Long,
            ExtensionType.Bool => actual.Kind == ValueKind.Bool,
            ExtensionType.IpAddr => actual.Kind == ValueKind.Extension && actual.AsExtension is IpAddrValue,
            ExtensionType.Decimal => actual.Kind == ValueKind.Extension && actual.AsExtension is DecimalValue,
            ExtensionType.Datetime => actual.Kind == ValueKind.Extension && actual.AsExtension is DatetimeValue,
            ExtensionType.Duration => actual.Kind == ValueKind.Extension && actual.AsExtension is DurationValue,
            _ => false,
        };
        if (!ok)
            throw new EvaluationException(EvaluationErrorKind.TypeError,
                $"type error: expected {ExtensionFunctions.MessageTypeName(expected)}, got {actual.TypeName}", span);
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>
/// Literal pools and JSON values for the fuzzer. Longs that travel as JSON (entities, context) stay within
/// +-2^53 because cedar-wasm reads JSON numbers as JavaScript doubles; longs in policy text may go to the 64-bit
/// limits, since the reference parses policy text exactly.
/// </summary>
public sealed class FuzzValues(Random random)
{
    public const long JsonSafeLimit = 1L << 53;

    public static readonly string[] Strings = ["", "a", "alice", "bob", "ab*c", "*", "a*", "é", "a\"b", "x\\y", "foo bar", "\n", "Ω≈", "abc", "b", "😀", "a😀b"];
    public static readonly string[] Ips = ["10.0.0.1", "192.168.0.0/16", "127.0.0.1", "::1", "ff00::1", "224.0.0.1", "10.0.0.0/8", "1.2.3.4/32", "::/0", "0.0.0.0/0", "127.0.0.0/8", "fe80::1/64", "10.0.0.1/32", "0:0:0:0:0:0:0:1", "::ffff:7f00:1", "10.0.0.1/8"];
    public static readonly string[] BadIps = ["bad", "1.2.3.256", "10.0.0.1/33", "::ffff:1.2.3.4", ""];
    public static readonly string[] Decimals = ["1.0", "-1.5", "0.0001", "922337203685477.5807", "-922337203685477.5808", "3.14", "0.0", "100.25", "1.00", "-0.0", "3.1400", "01.5"];
    public static readonly string[] BadDecimals = ["1.23456", "abc", "12", "922337203685477.5808", ""];
    public static readonly string[] Datetimes = ["2024-10-15", "2024-10-15T11:38:02Z", "2024-10-15T11:38:02.101Z", "2024-10-15T11:38:02+0100", "2024-10-15T11:38:02.101-1340", "1970-01-01", "1969-12-31T23:59:59Z", "2000-02-29", "2024-10-15T10:38:02Z", "2024-10-15T00:00:00.000Z", "2024-10-15T12:38:02+0200"];
    public static readonly string[] BadDatetimes = ["2024-1-1", "2024-10-15T25:00:00Z", "2024-10-15 11:38:02", "nope", "2024-02-30"];
    public static readonly string[] Durations = ["1d", "2h30m", "-1h", "1ms", "1d2h3m4s5ms", "0ms", "-9223372036854775808ms", "9223372036854775807ms", "36h", "-2d", "60m", "1h", "3600000ms", "1d12h"];
    public static readonly string[] BadDurations = ["1x", "1m1h", "", "h", "1.5h"];

    public bool Chance(double p) => random.NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public int Next(int maxExclusive) => random.Next(maxExclusive);

    public long JsonLong()
    {
        return random.Next(6) switch
        {
            0 => random.Next(-3, 4),
            1 => random.Next(-1000, 1001),
            2 => JsonSafeLimit - random.Next(3),
            3 => -JsonSafeLimit + random.Next(3),
            4 => random.NextInt64(-JsonSafeLimit, JsonSafeLimit),
            _ => 0,
        };
    }

    /// <summary>A long literal for policy text, often next to the 64-bit limits so arithmetic overflows.</summary>
    public string LongLiteral()
    {
        var v = random.Next(7) switch
        {
            0 => long.MaxValue - random.Next(3),
            1 => long.MinValue + random.Next(3),
            2 => 4611686018427387904L + random.Next(-1, 2), // 2^62: doubling it overflows
            3 => 3037000499L + random.Next(0, 2), // its square is just below or above 2^63
            4 => random.Next(-1000, 1001),
            _ => random.Next(-3, 4),
        };
        return v.ToString(CultureInfo.InvariantCulture);
    }

    public string String() => Chance(0.3) ? new string((char)('a' + random.Next(3)), random.Next(1, 3)) : Pick(Strings);

    public static JsonNode Extension(string fn, string arg) => new JsonObject { ["__extn"] = new JsonObject { ["fn"] = fn, ["arg"] = arg } };

    public static string ExtensionFunction(FuzzTypeKind kind) => kind switch
    {
        FuzzTypeKind.IpAddr => "ip",
        FuzzTypeKind.Decimal => "decimal",
        FuzzTypeKind.Datetime => "datetime",
        FuzzTypeKind.Duration => "duration",
        _ => throw new InvalidOperationException(kind.ToString()),
    };

    /// <summary>A valid (or, when <paramref name="bad"/>, an invalid) argument of an extension constructor.</summary>
    public string ExtensionArgument(FuzzTypeKind kind, bool bad) => kind switch
    {
        FuzzTypeKind.IpAddr => Pick(bad ? BadIps : Ips),
        FuzzTypeKind.Decimal => Pick(bad ? BadDecimals : Decimals),
        FuzzTypeKind.Datetime => Pick(bad ? BadDatetimes : Datetimes),
        FuzzTypeKind.Duration => Pick(bad ? BadDurations : Durations),
        _ => throw new InvalidOperationException(kind.ToString()),
    };
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Sekisho.Cedar.Extensions;

/// <summary>
/// A Cedar <c>ipaddr</c> value: an IPv4 or IPv6 address with a prefix length, as built by <c>ip("...")</c>.
/// The address is kept as written, not masked, so <c>ip("10.0.0.1/24") != ip("10.0.0.0/24")</c>; a single
/// address has prefix 32 or 128, so <c>ip("1.2.3.4") == ip("1.2.3.4/32")</c>. An IPv4 address never equals an
/// IPv6 one, mapped or not.
/// </summary>
public readonly record struct CedarIpAddr
{
    /// <summary>Help text the reference attaches to every <c>ip</c> parse error.</summary>
    public const string ParseHelp =
        "valid IP strings are IPv4/IPv6 addresses or CIDR ranges like `127.0.0.1`, `127.0.0.1/24`, or `ffee::/64`";

    private const string ExtensionName = "ipaddr";

    // len("ABCD:EF01:2345:6789:ABCD:EF01:2345:6789/128"); the reference checks UTF-8 bytes, not characters.
    private const int MaxUtf8Length = 43;

    private CedarIpAddr(UInt128 address, bool isIpv4, byte prefix)
    {
        Address = address;
        IsIpv4 = isIpv4;
        Prefix = prefix;
    }

    /// <summary>The address bits: the low 32 bits for IPv4, all 128 for IPv6.</summary>
    public UInt128 Address { get; }

    /// <summary>Whether this is an IPv4 address (<c>isIpv4()</c>).</summary>
    public bool IsIpv4 { get; }

    /// <summary>Whether this is an IPv6 address (<c>isIpv6()</c>).</summary>
    public bool IsIpv6 => !IsIpv4;

    /// <summary>The prefix length: 0 to 32 for IPv4, 0 to 128 for IPv6.</summary>
    public byte Prefix { get; }

    /// <summary>
    /// <c>isLoopback()</c>: the address is in 127.0.0.0/8 or is ::1, and the range is no wider than that
    /// (so <c>ip("127.0.0.1/7")</c> and <c>ip("::1/127")</c> are not loopback).
    /// </summary>
    public bool IsLoopback => IsIpv4
        ? (uint)(Address >> 24) == 127 && Prefix >= 8
        : Address == UInt128.One && Prefix >= 128;

    /// <summary><c>isMulticast()</c>: in 224.0.0.0/4 or ff00::/8, and the range is no wider than that.</summary>
    public bool IsMulticast => IsIpv4
        ? ((uint)Address & 0xF000_0000u) == 0xE000_0000u && Prefix >= 4
        : (Address >> 120) == 0xFF && Prefix >= 8;

    /// <summary>Builds a value from address bits; for IPv4 only the low 32 bits may be set.</summary>
    public static CedarIpAddr Create(UInt128 address, bool isIpv4, int prefix)
    {
        if (isIpv4 && address > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(address), "an IPv4 address has 32 bits");
        }

        var max = isIpv4 ? 32 : 128;
        if (prefix < 0 || prefix > max)
        {
            throw new ArgumentOutOfRangeException(nameof(prefix), prefix, $"prefix must be 0 to {max}");
        }

        return new CedarIpAddr(address, isIpv4, (byte)prefix);
    }

    /// <summary>
    /// <c>isInRange(range)</c>: every address of this range lies in <paramref name="range"/>. False when one is
    /// IPv4 and the other IPv6.
    /// </summary>
    public bool IsInRange(CedarIpAddr range)
    {
        if (IsIpv4 != range.IsIpv4)
        {
            return false;
        }

        if (IsIpv4)
        {
            var self = (uint)Address;
            var other = (uint)range.Address;
            var selfMask = Prefix == 0 ? 0u : uint.MaxValue << (32 - Prefix);
            var otherMask = range.Prefix == 0 ? 0u : uint.MaxValue << (32 - range.Prefix);
            return (other & otherMask) <= (self & selfMask) && (self | ~selfMask) <= (other | ~otherMask);
        }

        var self6 = Address;
        var other6 = range.Address;
        var selfMask6 = Prefix == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - Prefix);
        var otherMask6 = range.Prefix == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - range.Prefix);
        return (other6 & otherMask6) <= (self6 & selfMask6) && (self6 | ~selfMask6) <= (other6 | ~otherMask6);
    }

    /// <summary>Parses the argument of <c>ip(...)</c>, accepting exactly what cedar-policy 4.12 accepts.</summary>
    public static bool TryParse(string text, out CedarIpAddr value, [NotNullWhen(false)] out ExtensionError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        if (Encoding.UTF8.GetByteCount(text) > MaxUtf8Length)
        {
            error = Fail($"error parsing IP address from string `{text}`: string length is too large");
            return false;
        }

        if (ContainsTwice(text, ':') && ContainsTwice(text, '.'))
        {
            // The reference refuses IPv4 embedded in IPv6 (::ffff:1.2.3.4) to avoid confusing it with IPv4.
            error = Fail(
                "error parsing IP address from string: We do not accept IPv4 embedded in IPv6 (e.g., ::ffff:127.0.0.1). "
                + $"Found: `{text}`");
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            if (!TryParseAddress(text, out var single, out var singleV4))
            {
                error = Fail($"invalid IP address: {text}");
                return false;
            }

            value = new CedarIpAddr(single, singleV4, singleV4 ? (byte)32 : (byte)128);
            error = null;
            return true;
        }

        var addressText = text.AsSpan(0, slash);
        var prefixText = text.AsSpan(slash + 1);
        if (!TryParseAddress(addressText, out var address, out var isV4))
        {
            error = Fail($"error parsing IP address from the string `{addressText}`: invalid IP address syntax");
            return false;
        }

        if (!TryParsePrefix(prefixText, isV4 ? 32 : 128, isV4 ? 2 : 3, out var prefix, out var prefixError))
        {
            error = Fail(prefixError);
            return false;
        }

        value = new CedarIpAddr(address, isV4, prefix);
        error = null;
        return true;
    }

    /// <summary>Parses the argument of <c>ip(...)</c>, throwing <see cref="FormatException"/> on bad input.</summary>
    public static CedarIpAddr Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error.ToString());

    private static ExtensionError Fail(string message) => new(ExtensionName, message, ParseHelp);

    private static bool ContainsTwice(string s, char c)
    {
        var first = s.IndexOf(c, StringComparison.Ordinal);
        return first >= 0 && s.IndexOf(c, first + 1) >= 0;
    }

    private static bool TryParsePrefix(ReadOnlySpan<char> s, int max, int maxLength, out byte prefix, [NotNullWhen(false)] out string? error)
    {
        prefix = 0;
        var length = Encoding.UTF8.GetByteCount(s);
        if (length > maxLength)
        {
            error = $"error parsing prefix: string length {length} is too large";
            return false;
        }

        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                error = $"error parsing prefix `{s}`: encountered non-digit";
                return false;
            }
        }

        if (s.Length > 1 && s[0] == '0')
        {
            error = $"error parsing prefix `{s}`: leading zero(s)";
            return false;
        }

        // The messages below are Rust's u8 parse errors, which the reference passes through.
        if (s.Length == 0)
        {
            error = "error parsing prefix from the string ``: cannot parse integer from empty string";
            return false;
        }

        var number = 0;
        foreach (var c in s)
        {
            number = (number * 10) + (c - '0');
        }

        if (number > byte.MaxValue)
        {
            error = $"error parsing prefix from the string `{s}`: number too large to fit in target type";
            return false;
        }

        if (number > max)
        {
            error = $"error parsing prefix: {number} is larger than the limit {max}";
            return false;
        }

        prefix = (byte)number;
        error = null;
        return true;
    }

    // Rust's std::net::IpAddr grammar: IPv4 first, then IPv6. Both must consume the whole input.
    private static bool TryParseAddress(ReadOnlySpan<char> s, out UInt128 address, out bool isV4)
    {
        if (TryParseIpv4(s, out var v4))
        {
            address = v4;
            isV4 = true;
            return true;
        }

        isV4 = false;
        return TryParseIpv6(s, out address);
    }

    // Four dot-separated decimal octets, 1 to 3 digits each, at most 255, no leading zero ("0" alone is fine).
    private static bool TryParseIpv4(ReadOnlySpan<char> s, out uint address)
    {
        address = 0;
        var pos = 0;
        for (var octet = 0; octet < 4; octet++)
        {
            if (octet > 0)
            {
                if (pos >= s.Length || s[pos] != '.')
                {
                    return false;
                }

                pos++;
            }

            var start = pos;
            var value = 0;
            while (pos < s.Length && s[pos] is >= '0' and <= '9')
            {
                value = (value * 10) + (s[pos] - '0');
                pos++;
                if (pos - start > 3)
                {
                    return false;
                }
            }

            var digits = pos - start;
            if (digits == 0 || value > 255 || (digits > 1 && s[start] == '0'))
            {
                return false;
            }

            address = (address << 8) | (uint)value;
        }

        return pos == s.Length;
    }

    // Colon-separated groups of 1 to 4 hex digits with at most one "::". Embedded IPv4 tails are not handled:
    // any string that would need them has two colons and two dots and was refused before parsing.
    private static bool TryParseIpv6(ReadOnlySpan<char> s, out UInt128 address)
    {
        address = UInt128.Zero;
        Span<ushort> groups = stackalloc ushort[8];
        var pos = 0;
        var headSize = ReadGroups(s, ref pos, groups);
        if (headSize < 8)
        {
            if (pos + 1 >= s.Length || s[pos] != ':' || s[pos + 1] != ':')
            {
                return false;
            }

            pos += 2;
            Span<ushort> tail = stackalloc ushort[7];
            var tailSize = ReadGroups(s, ref pos, tail[..(8 - (headSize + 1))]);
            groups[headSize..].Clear();
            tail[..tailSize].CopyTo(groups[(8 - tailSize)..]);
        }

        if (pos != s.Length)
        {
            return false;
        }

        foreach (var group in groups)
        {
            address = (address << 16) | group;
        }

        return true;
    }

    private static int ReadGroups(ReadOnlySpan<char> s, ref int pos, Span<ushort> groups)
    {
        for (var i = 0; i < groups.Length; i++)
        {
            var p = pos;
            if (i > 0)
            {
                if (p >= s.Length || s[p] != ':')
                {
                    return i;
                }

                p++;
            }

            var start = p;
            var value = 0;
            while (p < s.Length && HexValue(s[p]) is var digit and >= 0)
            {
                value = (value << 4) | digit;
                p++;
                if (p - start > 4)
                {
                    return i;
                }
            }

            if (p == start)
            {
                return i;
            }

            groups[i] = (ushort)value;
            pos = p;
        }

        return groups.Length;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>
    /// The reference's text form, always with the prefix: <c>10.0.0.1/24</c>, <c>::1/128</c>, <c>::ffff:1.2.3.4/128</c>
    /// (IPv6 per RFC 5952 as Rust prints it: lowercase, the first longest run of two or more zero groups as
    /// "::", IPv4-mapped addresses in dotted form). <c>ip(ToString())</c> gives back an equal value, except for
    /// IPv4-mapped IPv6 addresses, whose dotted form <c>ip</c> refuses.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder(48);
        if (IsIpv4)
        {
            AppendIpv4(sb, (uint)Address);
        }
        else
        {
            AppendIpv6(sb, Address);
        }

        return sb.Append('/').Append(Prefix.ToString(CultureInfo.InvariantCulture)).ToString();
    }

    private static void AppendIpv4(StringBuilder sb, uint address) =>
        sb.Append(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");

    private static void AppendIpv6(StringBuilder sb, UInt128 address)
    {
        Span<ushort> groups = stackalloc ushort[8];
        for (var i = 0; i < 8; i++)
        {
            groups[i] = (ushort)(address >> (16 * (7 - i)));
        }

        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 && groups[5] == 0xFFFF)
        {
            sb.Append("::ffff:");
            AppendIpv4(sb, (uint)(address & uint.MaxValue));
            return;
        }

        int bestStart = 0, bestLength = 0, runStart = 0, runLength = 0;
        for (var i = 0; i < 8; i++)
        {
            if (groups[i] != 0)
            {
                runLength = 0;
                continue;
            }

            if (runLength == 0)
            {
                runStart = i;
            }

            runLength++;
            if (runLength > bestLength)
            {
                bestStart = runStart;
                bestLength = runLength;
            }
        }

        if (bestLength > 1)
        {
            AppendGroups(sb, groups[..bestStart]);
            sb.Append("::");
            AppendGroups(sb, groups[(bestStart + bestLength)..]);
        }
        else
        {
            AppendGroups(sb, groups);
        }
    }

    private static void AppendGroups(StringBuilder sb, ReadOnlySpan<ushort> groups)
    {
        for (var i = 0; i < groups.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(':');
            }

            sb.Append(groups[i].ToString("x", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The Cedar expression that builds this value: <c>ip("10.0.0.1/24")</c>.</summary>
    public string ToCedarExpression() => $"ip(\"{this}\")";
}

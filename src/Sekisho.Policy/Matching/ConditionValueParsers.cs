using System.Globalization;
using System.Net;

namespace Sekisho.Policy.Matching;

/// <summary>
/// Parsing of typed condition values (numbers, dates, booleans, IP addresses) from policy text and from request
/// context values. A value that does not parse matches nothing, as on AWS.
/// </summary>
internal static class ConditionValueParsers
{
    public static bool TryNumber(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>ISO 8601 (date, or date and time with optional zone; UTC assumed) or epoch seconds.</summary>
    public static bool TryDate(ReadOnlySpan<char> text, out long utcTicks)
    {
        utcTicks = 0;
        text = text.Trim();
        if (text.IsEmpty) return false;
        if (IsAllDigits(text))
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
            if (seconds > 253402300799) return false;
            utcTicks = DateTimeOffset.UnixEpoch.Ticks + seconds * TimeSpan.TicksPerSecond;
            return true;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dto))
            return false;
        utcTicks = dto.UtcTicks;
        return true;
    }

    private static bool IsAllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (c is < '0' or > '9') return false;
        return true;
    }

    /// <summary>"true" or "false", any case; anything else ("yes", "1") is malformed.</summary>
    public static bool TryBool(ReadOnlySpan<char> text, out bool value)
    {
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }
        value = false;
        return text.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A CIDR block, or a bare address meaning /32 (IPv4) or /128 (IPv6).</summary>
    public static bool TryNetwork(string text, out IPNetwork network)
    {
        network = default;
        text = text.Trim();
        if (text.Contains('/', StringComparison.Ordinal))
        {
            // AWS accepts a block whose address has host bits set (10.1.2.3/8); IPNetwork.TryParse does not, so mask it.
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (!IPAddress.TryParse(text.AsSpan(0, slash), out var address)) return false;
            if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)) return false;
            var bits = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
            if (prefix > bits) return false;
            var bytes = address.GetAddressBytes();
            for (var i = 0; i < bytes.Length; i++)
            {
                var keep = Math.Clamp(prefix - i * 8, 0, 8);
                bytes[i] &= (byte)(0xFF << (8 - keep));
            }
            network = new IPNetwork(new IPAddress(bytes), prefix);
            return true;
        }
        if (IPAddress.TryParse(text, out var single))
        {
            network = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        return false;
    }

    /// <summary>Parses an IPv4 dotted quad without allocating; false for anything else.</summary>
    public static bool TryIPv4(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        var part = 0;
        var digits = 0;
        var value = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (digits == 0 || part == 3) return false;
                address = (address << 8) | (uint)value;
                part++;
                digits = 0;
                value = 0;
            }
            else if (c is >= '0' and <= '9')
            {
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) return false;
            }
            else return false;
        }
        if (digits == 0 || part != 3) return false;
        address = (address << 8) | (uint)value;
        return true;
    }

    /// <summary>
    /// An IPv6 address (RFC 4291 text forms: eight hex groups, one <c>::</c>, an IPv4 tail) as a 128-bit number,
    /// without allocating. A zone id (<c>%eth0</c>) is not an address AWS would report, so it does not parse.
    /// </summary>
    public static bool TryIPv6(ReadOnlySpan<char> text, out UInt128 address)
    {
        address = 0;
        Span<ushort> groups = stackalloc ushort[8];
        var count = 0;
        var gap = -1;
        var i = 0;
        if (text.StartsWith("::"))
        {
            gap = 0;
            i = 2;
            if (text.Length == 2) return true;
        }
        while (i < text.Length)
        {
            var end = text[i..].IndexOf(':');
            var group = end < 0 ? text[i..] : text.Slice(i, end);
            if (group.IsEmpty) return false;
            if (end < 0 && group.Contains('.'))
            {
                if (count > 6 || !TryIPv4(group, out var v4)) return false;
                groups[count++] = (ushort)(v4 >> 16);
                groups[count++] = (ushort)v4;
                i = text.Length;
                break;
            }
            if (group.Length > 4 || count == 8) return false;
            var value = 0;
            foreach (var c in group)
            {
                var d = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0) return false;
                value = value * 16 + d;
            }
            groups[count++] = (ushort)value;
            if (end < 0)
            {
                i = text.Length;
                break;
            }
            i += end + 1;
            if (i < text.Length && text[i] == ':')
            {
                if (gap >= 0) return false;
                gap = count;
                i++;
                if (i == text.Length) break;
            }
            else if (i == text.Length) return false;
        }
        if (gap < 0 ? count != 8 : count > 7) return false;
        var zeros = 8 - count;
        for (var g = 0; g < count; g++)
        {
            var position = gap >= 0 && g >= gap ? g + zeros : g;
            address |= (UInt128)groups[g] << (16 * (7 - position));
        }
        return true;
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Sekisho.Protocol.Tunnels;

/// <summary>
/// The document's <c>allowedDestinations</c> property: entries separated by commas or white space (or a JSON array
/// of strings, as a StringList parameter arrives), each <c>HOST[:PORT]</c>, <c>HOST:*</c>, <c>*.suffix[:PORT]</c>,
/// <c>ADDRESS</c>, <c>CIDR[:PORT]</c> or <c>[IPv6 or CIDR]:PORT</c>. Empty means every destination the
/// agent's blocked-address rules leave open. Shared by the agent, which enforces it, and the server, which refuses
/// a document whose list does not parse.
/// </summary>
public sealed class DestinationAllowList
{
    private readonly AllowedDestination[] _entries;

    private DestinationAllowList(AllowedDestination[] entries) => _entries = entries;

    public static DestinationAllowList Unrestricted { get; } = new([]);

    public IReadOnlyList<AllowedDestination> Entries => _entries;

    public bool IsUnrestricted => _entries.Length == 0;

    public bool Allows(string host, IPAddress address, int port)
    {
        if (_entries.Length == 0)
        {
            return true;
        }
        foreach (var entry in _entries)
        {
            if (entry.Matches(host, address, port))
            {
                return true;
            }
        }
        return false;
    }

    /// <exception cref="FormatException">An entry is malformed; the message names it and says why.</exception>
    public static DestinationAllowList Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Unrestricted;
        }
        var trimmed = text.Trim();
        var raw = trimmed.StartsWith('[') && trimmed.EndsWith(']') && trimmed.Contains('"', StringComparison.Ordinal)
            ? ParseJsonArray(trimmed)
            : trimmed.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return Parse(raw);
    }

    /// <summary>The list from entries already apart (a document's JSON array); empty means unrestricted.</summary>
    /// <exception cref="FormatException">An entry is malformed; the message names it (1-based) and says why.</exception>
    public static DestinationAllowList Parse(IReadOnlyList<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var parsed = new AllowedDestination[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            parsed[i] = ParseEntry(entries[i], i + 1);
        }
        return parsed.Length == 0 ? Unrestricted : new DestinationAllowList(parsed);
    }

    private static string[] ParseJsonArray(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var values = new List<string>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String)
                {
                    throw new FormatException($"allowedDestinations: JSON array element {values.Count + 1} is {element.ValueKind}, expected a string");
                }
                values.Add(element.GetString()!.Trim());
            }
            return [.. values.Where(v => v.Length > 0)];
        }
        catch (JsonException e)
        {
            throw new FormatException($"allowedDestinations: not a JSON array of strings: {e.Message}", e);
        }
    }

    private static AllowedDestination ParseEntry(string entry, int position)
    {
        string what;
        string? port = null;
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Bad(entry, position, "'[' without a closing ']'");
            }
            what = entry[1..close];
            var rest = entry[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    throw Bad(entry, position, "expected ':PORT' after ']'");
                }
                port = rest[1..];
            }
        }
        else if (entry.Count(c => c == ':') == 1)
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            what = entry[..colon];
            port = entry[(colon + 1)..];
        }
        else
        {
            // No colon, or an IPv6 address/network without brackets (which then cannot carry a port).
            what = entry;
        }
        var parsedPort = ParsePort(port, entry, position);
        if (what.Length == 0)
        {
            throw Bad(entry, position, "no host");
        }
        if (what.Contains('/', StringComparison.Ordinal))
        {
            if (!IPNetwork.TryParse(what, out var network))
            {
                throw Bad(entry, position, $"'{what}' is not a CIDR network (e.g. 10.0.0.0/8)");
            }
            return new AllowedDestination(null, network, parsedPort);
        }
        if (IPAddress.TryParse(what, out var address))
        {
            var single = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            return new AllowedDestination(null, new IPNetwork(single, single.GetAddressBytes().Length * 8), parsedPort);
        }
        var name = what.TrimEnd('.');
        var labels = name.StartsWith("*.", StringComparison.Ordinal) ? name[2..] : name;
        if (labels.Length == 0 || Uri.CheckHostName(labels) != UriHostNameType.Dns || labels.Contains('*', StringComparison.Ordinal))
        {
            throw Bad(entry, position, $"'{what}' is not a host name, '*.suffix', IP address or CIDR network");
        }
        return new AllowedDestination(name, null, parsedPort);
    }

    private static int? ParsePort(string? port, string entry, int position)
    {
        if (port is null || port == "*")
        {
            return null;
        }
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 65535)
        {
            throw Bad(entry, position, $"port '{port}' is not a number from 1 to 65535 or '*'");
        }
        return value;
    }

    private static FormatException Bad(string entry, int position, string why) =>
        new($"allowedDestinations entry {position} '{entry}': {why}");
}

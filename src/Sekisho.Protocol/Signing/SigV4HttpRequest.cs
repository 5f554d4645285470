namespace Sekisho.Protocol.Signing;

/// <summary>
/// The parts of an HTTP request that SigV4 signs, as they arrived on the wire: the path and query still
/// percent-encoded, headers in arrival order (a name may repeat), and the body.
/// </summary>
public sealed record SigV4HttpRequest(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>The values of every header named <paramref name="name"/> (case-insensitive), in arrival order.</summary>
    public IEnumerable<string> HeaderValues(string name)
    {
        foreach (var (key, value) in Headers)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) yield return value;
    }

    /// <summary>The first value of header <paramref name="name"/>, or null.</summary>
    public string? Header(string name)
    {
        // A plain loop: this runs several times per request on the authentication path.
        for (var i = 0; i < Headers.Count; i++)
            if (string.Equals(Headers[i].Key, name, StringComparison.OrdinalIgnoreCase)) return Headers[i].Value;
        return null;
    }
}

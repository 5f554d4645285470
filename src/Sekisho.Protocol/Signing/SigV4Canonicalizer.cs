using System.Text;

namespace Sekisho.Protocol.Signing;

/// <summary>Builds SigV4's canonical request and string to sign from a request as it arrived.</summary>
public static class SigV4Canonicalizer
{
    /// <summary>
    /// The canonical URI. <paramref name="normalize"/> removes dot segments and empty segments, as every service
    /// but S3 does. <paramref name="encodeWirePathAgain"/> chooses between the two forms clients produce for a
    /// percent-encoded path: encoding the decoded path once (the signing test suite, most SDKs for plain paths)
    /// or encoding the wire path once more (botocore's double encoding for non-S3 services).
    /// </summary>
    public static string CanonicalUri(string rawPath, bool normalize, bool encodeWirePathAgain)
    {
        // Query-protocol requests go to "/": nothing to decode, normalise or encode.
        if (rawPath is "" or "/") return "/";
        var path = rawPath;
        if (!encodeWirePathAgain) path = SigV4Encoding.Decode(path);
        if (normalize) path = NormalizePath(path);
        return SigV4Encoding.Encode(path, keepSlash: true);
    }

    /// <summary>Sorted <c>name=value</c> pairs, each re-encoded, joined by '&amp;'; <paramref name="skip"/> is left out.</summary>
    public static string CanonicalQuery(string rawQuery, string? skip = null)
    {
        if (rawQuery.Length == 0) return "";
        var pairs = new List<(string Name, string Value)>();
        foreach (var part in rawQuery.Split('&'))
        {
            if (part.Length == 0) continue;
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = SigV4Encoding.Decode(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? "" : SigV4Encoding.Decode(part[(eq + 1)..]);
            if (skip is not null && name == skip) continue;
            pairs.Add((SigV4Encoding.Encode(name, keepSlash: false), SigV4Encoding.Encode(value, keepSlash: false)));
        }
        pairs.Sort((a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>The raw query without every occurrence of parameter <paramref name="name"/>.</summary>
    public static string WithoutParameter(string rawQuery, string name) =>
        string.Join('&', rawQuery.Split('&').Where(p => p.Length > 0 &&
            SigV4Encoding.Decode(p.IndexOf('=', StringComparison.Ordinal) is var eq && eq >= 0 ? p[..eq] : p) != name));

    /// <summary>
    /// The canonical headers block (one <c>name:value\n</c> per signed header) or null, with the missing header's
    /// name, when a header listed as signed is absent from the request.
    /// </summary>
    public static string? CanonicalHeaders(SigV4HttpRequest request, IReadOnlyList<string> signedHeaders, out string? missing)
    {
        var sb = new StringBuilder(256);
        foreach (var name in signedHeaders)
        {
            sb.Append(name).Append(':');
            var found = 0;
            foreach (var (key, value) in request.Headers)
            {
                if (!string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) continue;
                if (found++ > 0) sb.Append(',');
                AppendTrimmedAndCollapsed(sb, value);
            }
            if (found == 0)
            {
                missing = name;
                return null;
            }
            sb.Append('\n');
        }
        missing = null;
        return sb.ToString();
    }

    public static string CanonicalRequest(string method, string canonicalUri, string canonicalQuery, string canonicalHeaders,
        IReadOnlyList<string> signedHeaders, string payloadHash) =>
        $"{method}\n{canonicalUri}\n{canonicalQuery}\n{canonicalHeaders}\n{string.Join(';', signedHeaders)}\n{payloadHash}";

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{SigV4.Algorithm}\n{amzDate}\n{scope}\n{SigV4.HexSha256(Encoding.UTF8.GetBytes(canonicalRequest))}";

    /// <summary>Header values: leading and trailing space removed, runs of whitespace (folded lines too) become one space.</summary>
    private static void AppendTrimmedAndCollapsed(StringBuilder sb, string value)
    {
        var pendingSpace = false;
        foreach (var c in value.AsSpan().Trim())
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            sb.Append(c);
        }
    }

    private static string NormalizePath(string path)
    {
        var output = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".") continue;
            if (segment == "..")
            {
                if (output.Count > 0) output.RemoveAt(output.Count - 1);
                continue;
            }
            output.Add(segment);
        }
        var trailingSlash = path.EndsWith('/') && output.Count > 0;
        return "/" + string.Join('/', output) + (trailingSlash ? "/" : "");
    }
}

using System.Text;

namespace Sekisho.Protocol.Aws;

/// <summary>Parses <c>application/x-www-form-urlencoded</c> bodies (the query protocol's requests).</summary>
public static class FormUrlEncoded
{
    /// <summary>
    /// Name-value pairs, '+' as space and %XX escapes decoded as UTF-8; the first occurrence of a repeated name
    /// wins. Null with <paramref name="error"/> set when an escape or the UTF-8 is malformed.
    /// </summary>
    public static Dictionary<string, string>? Parse(ReadOnlySpan<byte> body, out string? error)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = body.Length == 0 ? "" : Encoding.ASCII.GetString(body);
        var position = 0;
        foreach (var pair in text.Split('&'))
        {
            position++;
            if (pair.Length == 0) continue;
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
            if (name is null || value is null)
            {
                error = $"malformed percent-encoding in parameter {position} of the request body";
                return null;
            }
            result.TryAdd(name, value);
        }
        error = null;
        return result;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static string? Decode(string s)
    {
        if (s.IndexOfAny(['%', '+']) < 0) return s;
        var bytes = new byte[s.Length];
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '+') bytes[n++] = (byte)' ';
            else if (c == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2])) return null;
                bytes[n++] = Convert.FromHexString(s.AsSpan(i + 1, 2))[0];
                i += 2;
            }
            else bytes[n++] = (byte)c;
        }
        try
        {
            return StrictUtf8.GetString(bytes, 0, n);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}

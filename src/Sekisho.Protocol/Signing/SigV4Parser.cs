using System.Globalization;

using Sekisho.Protocol.Aws;

namespace Sekisho.Protocol.Signing;

/// <summary>
/// Reads a request's SigV4 claims from the <c>Authorization</c> header or, for presigned requests, from the
/// <c>X-Amz-*</c> query parameters, with AWS's error codes for each way they can be malformed.
/// </summary>
public static class SigV4Parser
{
    /// <summary>AWS refuses presigned URLs valid for longer than seven days.</summary>
    public static readonly TimeSpan MaxPresignedExpiry = TimeSpan.FromDays(7);

    public static SigV4ParseResult Parse(SigV4HttpRequest request)
    {
        var header = request.Header("Authorization");
        if (header is not null) return ParseHeader(request, header);
        var query = QueryParameters(request.RawQuery);
        if (query.ContainsKey("X-Amz-Algorithm") || query.ContainsKey("X-Amz-Signature")) return ParsePresigned(query);
        return new(null, SigV4Errors.Missing());
    }

    private static SigV4ParseResult ParseHeader(SigV4HttpRequest request, string header)
    {
        header = header.Trim();
        if (!header.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
        {
            var algorithm = header.Split(' ', 2)[0];
            return Fail($"Unsupported AWS 'algorithm': '{algorithm}'. Only '{SigV4.Algorithm}' is supported.");
        }
        // The components without Split or a dictionary (every request passes here); a repeated component keeps
        // its last value, as before.
        string? credential = null, signedHeaders = null, signature = null;
        var rest = header.AsSpan(SigV4.Algorithm.Length + 1);
        while (true)
        {
            var comma = rest.IndexOf(',');
            var kv = (comma < 0 ? rest : rest[..comma]).Trim();
            var eq = kv.IndexOf('=');
            if (eq <= 0) return Fail($"Authorization header requires each component to be of the form key=value, not '{kv}'.");
            var name = kv[..eq];
            if (name.SequenceEqual("Credential")) credential = kv[(eq + 1)..].ToString();
            else if (name.SequenceEqual("SignedHeaders")) signedHeaders = kv[(eq + 1)..].ToString();
            else if (name.SequenceEqual("Signature")) signature = kv[(eq + 1)..].ToString();
            if (comma < 0) break;
            rest = rest[(comma + 1)..];
        }
        if (credential is null || signedHeaders is null || signature is null)
        {
            var missing = new List<string>(3);
            if (credential is null) missing.Add("Credential");
            if (signedHeaders is null) missing.Add("SignedHeaders");
            if (signature is null) missing.Add("Signature");
            return Fail(string.Join(' ', missing.Select(m => $"Authorization header requires '{m}' parameter.")) +
                        " Authorization=" + header);
        }

        var amzDate = request.Header("X-Amz-Date");
        DateTimeOffset signedAt;
        if (amzDate is not null)
        {
            if (!TryParseAmzDate(amzDate.Trim(), out signedAt))
                return Fail($"Date must be in ISO-8601 'basic format'. Got '{amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601");
            amzDate = amzDate.Trim();
        }
        else if (request.Header("Date") is { } date &&
                 DateTimeOffset.TryParseExact(date.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out signedAt))
        {
            amzDate = signedAt.UtcDateTime.ToString(SigV4.AmzDateFormat, CultureInfo.InvariantCulture);
        }
        else
        {
            return Fail("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + header);
        }
        return Build(credential, signedHeaders, signature, amzDate, signedAt,
            presigned: false, expires: null, securityToken: request.Header("X-Amz-Security-Token")?.Trim());
    }

    private static SigV4ParseResult ParsePresigned(Dictionary<string, string> query)
    {
        if (!query.TryGetValue("X-Amz-Algorithm", out var algorithm) || algorithm != SigV4.Algorithm)
            return Fail($"X-Amz-Algorithm only supports '{SigV4.Algorithm}'");
        var missing = new[] { "X-Amz-Credential", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Date" }
            .Where(f => !query.ContainsKey(f)).ToList();
        if (missing.Count > 0)
            return Fail(string.Join(' ', missing.Select(m => $"AWS query-string parameters must include '{m}'.")) + " Re-examine the query-string parameters.");
        if (!TryParseAmzDate(query["X-Amz-Date"], out var signedAt))
            return Fail($"Date must be in ISO-8601 'basic format'. Got '{query["X-Amz-Date"]}'.");
        TimeSpan? expires = null;
        if (query.TryGetValue("X-Amz-Expires", out var e))
        {
            if (!long.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
                return Fail($"X-Amz-Expires must be a non-negative integer number of seconds, not '{e}'.");
            if (seconds > MaxPresignedExpiry.TotalSeconds)
                return Fail("X-Amz-Expires must be less than a week (in seconds) that is 604800");
            expires = TimeSpan.FromSeconds(seconds);
        }
        return Build(query["X-Amz-Credential"], query["X-Amz-SignedHeaders"], query["X-Amz-Signature"], query["X-Amz-Date"],
            signedAt, presigned: true, expires, query.GetValueOrDefault("X-Amz-Security-Token"));
    }

    private static SigV4ParseResult Build(string credential, string signedHeaders, string signature, string amzDate,
        DateTimeOffset signedAt, bool presigned, TimeSpan? expires, string? securityToken)
    {
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[0].Length == 0)
            return Fail($"Credential should be scoped by a valid access key id, date, region, service and terminator ('<key>/<yyyymmdd>/<region>/<service>/aws4_request'), not '{credential}'.");
        if (scope[4] != "aws4_request")
            return Fail($"Credential should be scoped with a valid terminator: 'aws4_request', not '{scope[4]}'.");
        if (scope[1] != amzDate[..8])
            return new(null, SigV4Errors.Mismatch(
                $"Credential should be scoped to a valid date: the date in the Credential scope ({scope[1]}) does not match the request date ({amzDate[..8]})."));
        if (scope[2].Length == 0 || scope[3].Length == 0)
            return Fail($"Credential should name a region and a service, not '{credential}'.");
        var headers = signedHeaders.Split(';');
        var hasHost = false;
        foreach (var h in headers)
        {
            if (h.Length == 0 || !IsLowerInvariant(h))
                return Fail($"SignedHeaders must be a ';'-separated list of lower-case header names, not '{signedHeaders}'.");
            hasHost |= h == "host";
        }
        if (!hasHost)
            return Fail("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        if (signature.Length != 64 || signature.AsSpan().ContainsAnyExcept(LowerHexDigits))
            return new(null, SigV4Errors.SignatureMismatch());
        return new(new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], headers, signature, amzDate, signedAt,
            presigned, expires, string.IsNullOrEmpty(securityToken) ? null : securityToken), null);
    }

    private static readonly System.Buffers.SearchValues<char> LowerHexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static bool IsLowerInvariant(string name)
    {
        foreach (var c in name)
            if (char.ToLowerInvariant(c) != c) return false;
        return true;
    }

    internal static bool TryParseAmzDate(string value, out DateTimeOffset at)
    {
        // yyyyMMdd'T'HHmmss'Z' read digit by digit (every request carries one); anything unusual goes to the
        // framework's parser, which stays the definition of what is accepted.
        if (value.Length == 16 && value[8] == 'T' && value[15] == 'Z' &&
            Digits(value, 0, 4, out var year) && Digits(value, 4, 2, out var month) && Digits(value, 6, 2, out var day) &&
            Digits(value, 9, 2, out var hour) && Digits(value, 11, 2, out var minute) && Digits(value, 13, 2, out var second) &&
            year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) &&
            hour < 24 && minute < 60 && second < 60)
        {
            at = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
            return true;
        }
        return DateTimeOffset.TryParseExact(value, SigV4.AmzDateFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = text[i] - '0';
            if ((uint)d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }

    internal static Dictionary<string, string> QueryParameters(string rawQuery)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in rawQuery.Split('&'))
        {
            if (part.Length == 0) continue;
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = SigV4Encoding.Decode(eq < 0 ? part : part[..eq]);
            result.TryAdd(name, eq < 0 ? "" : SigV4Encoding.Decode(part[(eq + 1)..]));
        }
        return result;
    }

    private static SigV4ParseResult Fail(string message) => new(null, SigV4Errors.Incomplete(message));
}

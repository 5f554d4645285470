using System.Globalization;

namespace Sekisho.Protocol.Signing;

/// <summary>Signs requests as AWS clients do: every header present plus X-Amz-Date (and the session token) signed.</summary>
public static class SigV4Signer
{
    /// <summary>What signing produced, with the intermediate strings (the conformance suite checks each).</summary>
    public sealed record Signed(string CanonicalRequest, string StringToSign, string Signature, IReadOnlyList<KeyValuePair<string, string>> AddedHeaders, string Query);

    /// <summary>Header signing: returns the headers to add (X-Amz-Date, X-Amz-Security-Token, Authorization).</summary>
    public static Signed SignHeaders(SigV4HttpRequest request, SigV4Credentials credentials, string region, string service,
        DateTimeOffset at, bool signSessionToken = true, bool normalizePath = true, bool addContentSha256 = false)
    {
        var amzDate = at.UtcDateTime.ToString(SigV4.AmzDateFormat, CultureInfo.InvariantCulture);
        var added = new List<KeyValuePair<string, string>> { new("X-Amz-Date", amzDate) };
        if (addContentSha256) added.Add(new("X-Amz-Content-Sha256", SigV4.HexSha256(request.Body.Span)));
        if (credentials.SessionToken is not null && signSessionToken) added.Add(new("X-Amz-Security-Token", credentials.SessionToken));
        var withDate = request with { Headers = request.Headers.Concat(added).ToList() };
        var signedHeaders = withDate.Headers.Select(h => h.Key.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        var scope = $"{amzDate[..8]}/{region}/{service}/aws4_request";
        var (canonical, stringToSign, signature) = Compute(withDate, credentials.SecretAccessKey, amzDate, scope, region, service,
            signedHeaders, SigV4Canonicalizer.CanonicalQuery(request.RawQuery), SigV4Verifier.PayloadHash(withDate), normalizePath);
        if (credentials.SessionToken is not null && !signSessionToken) added.Add(new("X-Amz-Security-Token", credentials.SessionToken));
        added.Add(new("Authorization",
            $"{SigV4.Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={string.Join(';', signedHeaders)}, Signature={signature}"));
        return new Signed(canonical, stringToSign, signature, added, request.RawQuery);
    }

    /// <summary>Query (presigned) signing: returns the full query string to send, X-Amz-Signature last.</summary>
    public static Signed Presign(SigV4HttpRequest request, SigV4Credentials credentials, string region, string service,
        DateTimeOffset at, TimeSpan expires, bool signSessionToken = true, bool normalizePath = true)
    {
        var amzDate = at.UtcDateTime.ToString(SigV4.AmzDateFormat, CultureInfo.InvariantCulture);
        var scope = $"{amzDate[..8]}/{region}/{service}/aws4_request";
        var signedHeaders = request.Headers.Select(h => h.Key.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        var parameters = new List<string>
        {
            "X-Amz-Algorithm=" + SigV4.Algorithm,
            "X-Amz-Credential=" + SigV4Encoding.Encode($"{credentials.AccessKeyId}/{scope}", keepSlash: false),
            "X-Amz-Date=" + amzDate,
            "X-Amz-Expires=" + ((long)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        };
        var token = credentials.SessionToken is null ? null : "X-Amz-Security-Token=" + SigV4Encoding.Encode(credentials.SessionToken, keepSlash: false);
        if (token is not null && signSessionToken) parameters.Add(token);
        parameters.Add("X-Amz-SignedHeaders=" + SigV4Encoding.Encode(string.Join(';', signedHeaders), keepSlash: false));
        var query = string.Join('&', new[] { request.RawQuery }.Where(q => q.Length > 0).Concat(parameters));
        var (canonical, stringToSign, signature) = Compute(request, credentials.SecretAccessKey, amzDate, scope, region, service,
            signedHeaders, SigV4Canonicalizer.CanonicalQuery(query), SigV4Verifier.PayloadHash(request), normalizePath);
        if (token is not null && !signSessionToken) query += "&" + token;
        return new Signed(canonical, stringToSign, signature, [], query + "&X-Amz-Signature=" + signature);
    }

    private static (string Canonical, string StringToSign, string Signature) Compute(SigV4HttpRequest request, string secret,
        string amzDate, string scope, string region, string service, IReadOnlyList<string> signedHeaders, string canonicalQuery,
        string payloadHash, bool normalizePath)
    {
        var headers = SigV4Canonicalizer.CanonicalHeaders(request, signedHeaders, out _)
                      ?? throw new InvalidOperationException("a signed header vanished while signing");
        var uri = SigV4Canonicalizer.CanonicalUri(request.RawPath, normalizePath, encodeWirePathAgain: false);
        var canonical = SigV4Canonicalizer.CanonicalRequest(request.Method, uri, canonicalQuery, headers, signedHeaders, payloadHash);
        var stringToSign = SigV4Canonicalizer.StringToSign(amzDate, scope, canonical);
        var signature = SigV4.Signature(SigV4.SigningKey(secret, amzDate[..8], region, service), stringToSign);
        return (canonical, stringToSign, signature);
    }
}

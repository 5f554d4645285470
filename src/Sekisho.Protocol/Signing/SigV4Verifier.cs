using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

using Sekisho.Protocol.Aws;

namespace Sekisho.Protocol.Signing;

/// <summary>
/// Checks a parsed SigV4 authorization against the secret key the caller looked up: the clock window, then the
/// signature recomputed from the request and compared in constant time.
/// </summary>
/// <remarks>
/// <paramref name="normalizePath"/> is true for every service Sekisho speaks (IAM, STS, SSM); only S3-style
/// signing leaves dot segments and repeated slashes in the canonical URI.
/// </remarks>
public sealed class SigV4Verifier(TimeProvider time, TimeSpan? clockWindow = null, bool normalizePath = true)
{
    // Deriving the signing key takes four HMACs; a client signs many requests with one key per day, region and
    // service (SDKs cache it the same way), so the verifier does too. Bounded: cleared when it grows too large.
    private const int MaxCachedKeys = 10_000;
    private readonly ConcurrentDictionary<(string Secret, string Date, string Region, string Service), byte[]> _signingKeys = new();

    /// <summary>How far the request's date may be from the server's clock (AWS: 15 minutes).</summary>
    public TimeSpan ClockWindow { get; } = clockWindow ?? TimeSpan.FromMinutes(15);

    /// <summary>Null when the request is authentic and current; otherwise why not.</summary>
    public AwsError? Verify(SigV4HttpRequest request, SigV4Authorization auth, string secretAccessKey)
    {
        var clock = CheckClock(auth);
        if (clock is not null) return clock;

        var canonicalHeaders = SigV4Canonicalizer.CanonicalHeaders(request, auth.SignedHeaders, out var missing);
        if (canonicalHeaders is null)
            return SigV4Errors.Mismatch($"The request signature we calculated does not match the signature you provided: signed header '{missing}' is not in the request.");

        var query = SigV4Canonicalizer.CanonicalQuery(request.RawQuery, auth.Presigned ? "X-Amz-Signature" : null);
        // Some clients add X-Amz-Security-Token to a presigned URL after signing (the suite's "sts-header-after"
        // case). Leaving it out of the signature is safe: the token is authenticated on its own and bound to the
        // access key id when the credential layer opens it.
        var queryWithoutToken = auth.Presigned && auth.SecurityToken is not null
            ? SigV4Canonicalizer.CanonicalQuery(SigV4Canonicalizer.WithoutParameter(request.RawQuery, "X-Amz-Security-Token"), "X-Amz-Signature")
            : null;
        var payloadHash = PayloadHash(request);
        var key = SigningKey(secretAccessKey, auth.ScopeDate, auth.Region, auth.Service);
        var expected = Encoding.ASCII.GetBytes(auth.Signature);

        // Both canonical URI forms are tried only when they differ (a percent-encoded path): clients disagree on
        // whether a non-S3 path is encoded once or twice, and neither form weakens the other.
        var once = SigV4Canonicalizer.CanonicalUri(request.RawPath, normalizePath, encodeWirePathAgain: false);
        var twice = SigV4Canonicalizer.CanonicalUri(request.RawPath, normalizePath, encodeWirePathAgain: true);
        var matched = SignatureMatches(once, query) | (twice != once && SignatureMatches(twice, query)) |
                      (queryWithoutToken is not null && SignatureMatches(once, queryWithoutToken));
        return matched ? null : SigV4Errors.SignatureMismatch();

        bool SignatureMatches(string canonicalUri, string canonicalQuery)
        {
            var canonical = SigV4Canonicalizer.CanonicalRequest(request.Method, canonicalUri, canonicalQuery, canonicalHeaders,
                auth.SignedHeaders, payloadHash);
            var stringToSign = SigV4Canonicalizer.StringToSign(auth.AmzDate, auth.Scope, canonical);
            var actual = Encoding.ASCII.GetBytes(SigV4.Signature(key, stringToSign));
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
    }

    /// <summary>The payload hash the client signed: its X-Amz-Content-Sha256 header when sent, else the body's hash.</summary>
    public static string PayloadHash(SigV4HttpRequest request) =>
        request.Header("X-Amz-Content-Sha256")?.Trim() is { Length: > 0 } declared && declared != "UNSIGNED-PAYLOAD"
            ? declared
            : SigV4.HexSha256(request.Body.Span);

    private byte[] SigningKey(string secret, string date, string region, string service)
    {
        var id = (secret, date, region, service);
        if (_signingKeys.TryGetValue(id, out var key)) return key;
        if (_signingKeys.Count >= MaxCachedKeys) _signingKeys.Clear();
        key = SigV4.SigningKey(secret, date, region, service);
        _signingKeys[id] = key;
        return key;
    }

    private AwsError? CheckClock(SigV4Authorization auth)
    {
        var now = time.GetUtcNow();
        if (auth.Presigned)
        {
            if (auth.SignedAt - now > ClockWindow)
                return SigV4Errors.Mismatch($"Signature not yet current: {auth.AmzDate} is still later than {Format(now + ClockWindow)} ({Format(now)} + 15 min.)");
            var expiry = auth.SignedAt + (auth.Expires ?? ClockWindow);
            if (now > expiry)
                return SigV4Errors.Mismatch($"Signature expired: {Format(expiry)} is now earlier than {Format(now)}");
            return null;
        }
        if (now - auth.SignedAt > ClockWindow)
            return SigV4Errors.Mismatch($"Signature expired: {auth.AmzDate} is now earlier than {Format(now - ClockWindow)} ({Format(now)} - 15 min.)");
        if (auth.SignedAt - now > ClockWindow)
            return SigV4Errors.Mismatch($"Signature not yet current: {auth.AmzDate} is still later than {Format(now + ClockWindow)} ({Format(now)} + 15 min.)");
        return null;
    }

    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString(SigV4.AmzDateFormat, CultureInfo.InvariantCulture);
}

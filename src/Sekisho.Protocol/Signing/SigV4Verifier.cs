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
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        if (Convert.FromHexString(auth.Signature, expected, out _, out var expectedLength) != System.Buffers.OperationStatus.Done ||
            expectedLength != expected.Length)
            return SigV4Errors.SignatureMismatch();
        var scope = auth.Scope;

        // Both canonical URI forms are tried only when they differ (a percent-encoded path): clients disagree on
        // whether a non-S3 path is encoded once or twice, and neither form weakens the other.
        var once = SigV4Canonicalizer.CanonicalUri(request.RawPath, normalizePath, encodeWirePathAgain: false);
        var twice = request.RawPath.Contains('%', StringComparison.Ordinal)
            ? SigV4Canonicalizer.CanonicalUri(request.RawPath, normalizePath, encodeWirePathAgain: true)
            : once;
        var matched = SignatureMatches(once, query, expected) | (twice != once && SignatureMatches(twice, query, expected)) |
                      (queryWithoutToken is not null && SignatureMatches(once, queryWithoutToken, expected));
        return matched ? null : SigV4Errors.SignatureMismatch();

        bool SignatureMatches(string canonicalUri, string canonicalQuery, ReadOnlySpan<byte> signature) =>
            SignatureOf(key, request.Method, canonicalUri, canonicalQuery, canonicalHeaders, auth.SignedHeaders, payloadHash, auth.AmzDate,
                scope, signature);
    }

    /// <summary>
    /// Whether HMAC(key, string to sign) equals <paramref name="signature"/> (raw bytes), compared in constant time.
    /// The same canonical request and string to sign as <see cref="SigV4Canonicalizer.CanonicalRequest"/> and
    /// <see cref="SigV4Canonicalizer.StringToSign"/> build, but as UTF-8 in a pooled buffer and on the stack: this
    /// runs for every request.
    /// </summary>
    private static bool SignatureOf(byte[] key, string method, string canonicalUri, string canonicalQuery, string canonicalHeaders,
        IReadOnlyList<string> signedHeaders, string payloadHash, string amzDate, string scope, ReadOnlySpan<byte> signature)
    {
        var chars = method.Length + canonicalUri.Length + canonicalQuery.Length + canonicalHeaders.Length + payloadHash.Length + 5;
        foreach (var name in signedHeaders) chars += name.Length + 1;
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(chars));
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        try
        {
            var canonical = rented.AsSpan();
            var n = 0;
            n += Encoding.UTF8.GetBytes(method, canonical[n..]);
            canonical[n++] = (byte)'\n';
            n += Encoding.UTF8.GetBytes(canonicalUri, canonical[n..]);
            canonical[n++] = (byte)'\n';
            n += Encoding.UTF8.GetBytes(canonicalQuery, canonical[n..]);
            canonical[n++] = (byte)'\n';
            n += Encoding.UTF8.GetBytes(canonicalHeaders, canonical[n..]);
            canonical[n++] = (byte)'\n';
            for (var i = 0; i < signedHeaders.Count; i++)
            {
                if (i > 0) canonical[n++] = (byte)';';
                n += Encoding.UTF8.GetBytes(signedHeaders[i], canonical[n..]);
            }
            canonical[n++] = (byte)'\n';
            n += Encoding.UTF8.GetBytes(payloadHash, canonical[n..]);
            SHA256.HashData(canonical[..n], hash);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        // AWS4-HMAC-SHA256\n<amz date>\n<scope>\n<hex of the canonical request's hash>
        var stringToSignLength = SigV4.Algorithm.Length + Encoding.UTF8.GetMaxByteCount(amzDate.Length + scope.Length) + 3 + 2 * hash.Length;
        var stringToSign = stringToSignLength <= 512 ? stackalloc byte[stringToSignLength] : new byte[stringToSignLength];
        var m = Encoding.UTF8.GetBytes(SigV4.Algorithm, stringToSign);
        stringToSign[m++] = (byte)'\n';
        m += Encoding.UTF8.GetBytes(amzDate, stringToSign[m..]);
        stringToSign[m++] = (byte)'\n';
        m += Encoding.UTF8.GetBytes(scope, stringToSign[m..]);
        stringToSign[m++] = (byte)'\n';
        foreach (var b in hash)
        {
            stringToSign[m++] = HexLower[b >> 4];
            stringToSign[m++] = HexLower[b & 0xF];
        }
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, stringToSign[..m], mac);
        return CryptographicOperations.FixedTimeEquals(mac, signature);
    }

    private static ReadOnlySpan<byte> HexLower => "0123456789abcdef"u8;

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

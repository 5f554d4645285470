using System.Diagnostics;

namespace Sekisho.Server.Load;

/// <summary>
/// A worker's ring of signed requests, replayed in turn so that signing does not dominate the generator's own
/// CPU. Each request is signed in full (canonical request, string to sign, HMAC) with its own X-Amz-Date, one
/// second apart, so the ring holds distinct requests, as wrk replays fixed ones; the server verifies every one
/// in full. The ring is signed again before its oldest request nears SigV4's 15-minute window.
/// </summary>
public sealed class SignedRequestPool
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(5);
    private readonly RequestSigner _signer;
    private readonly byte[][] _requests;
    private readonly int[] _lengths;
    private long _signedAt;
    private int _next;

    public SignedRequestPool(RequestSigner signer, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _signer = signer;
        _requests = new byte[size][];
        _lengths = new int[size];
        for (var i = 0; i < size; i++) _requests[i] = new byte[16 * 1024];
        SignAll();
    }

    /// <summary>The next request of the ring (signed again first when the ring is older than 5 minutes).</summary>
    public ReadOnlyMemory<byte> Next()
    {
        if (Stopwatch.GetElapsedTime(_signedAt) > Refresh) SignAll();
        var i = _next;
        _next = i + 1 == _requests.Length ? 0 : i + 1;
        return _requests[i].AsMemory(0, _lengths[i]);
    }

    private void SignAll()
    {
        var now = DateTime.UtcNow;
        for (var i = 0; i < _requests.Length; i++) _lengths[i] = _signer.Write(_requests[i], now.AddSeconds(-i));
        _signedAt = Stopwatch.GetTimestamp();
    }
}

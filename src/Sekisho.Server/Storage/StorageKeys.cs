using System.Text;

namespace Sekisho.Server.Storage;

/// <summary>
/// Keys are stored as their UTF-8 bytes so that both backends order them by plain byte comparison (which is
/// also Unicode code point order). This class validates keys and turns scans into byte bounds.
/// </summary>
internal static class StorageKeys
{
    public const int MaxKeyBytes = 2048;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>No UTF-8 string contains 0xFF, so this is above every key.</summary>
    private static readonly byte[] AboveAll = [0xFF];

    public static byte[] Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0) throw new ArgumentException("a key must not be empty", nameof(key));
        if (key.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException($"key '{key.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character", nameof(key));
        byte[] bytes;
        try
        {
            bytes = Strict.GetBytes(key);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"key '{key}' is not valid Unicode (unpaired surrogate at index {e.Index})", nameof(key), e);
        }
        if (bytes.Length > MaxKeyBytes)
            throw new ArgumentException($"key of {bytes.Length} UTF-8 bytes is longer than {MaxKeyBytes}: '{key[..64]}...'", nameof(key));
        return bytes;
    }

    public static string Decode(byte[] key) => Strict.GetString(key);

    /// <summary>
    /// The half-open byte interval [lower, upper) holding exactly the keys the scan asks for.
    /// </summary>
    public static (byte[] Lower, byte[] Upper) Bounds(ScanRequest request)
    {
        var prefix = request.Prefix.Length == 0 ? [] : Strict.GetBytes(request.Prefix);
        // The keys with a prefix are those in [prefix, prefix with its last byte + 1): UTF-8 never has 0xFF, so no carry.
        byte[] upper;
        if (prefix.Length == 0)
        {
            upper = AboveAll;
        }
        else
        {
            upper = (byte[])prefix.Clone();
            upper[^1]++;
        }
        var lower = prefix;
        if (request.StartAfter is { } after)
        {
            // The smallest byte string above k is k followed by 0x00, and keys never hold NUL.
            var afterBytes = Strict.GetBytes(after);
            var next = new byte[afterBytes.Length + 1];
            afterBytes.CopyTo(next, 0);
            if (next.AsSpan().SequenceCompareTo(lower) > 0) lower = next;
        }
        return (lower, upper);
    }

    public static void ValidateBlobName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0) throw new ArgumentException("a blob name must not be empty", nameof(name));
        if (name.Length > 1024) throw new ArgumentException($"blob name of {name.Length} characters is longer than 1024", nameof(name));
        if (name.Contains('\0', StringComparison.Ordinal)) throw new ArgumentException("a blob name must not contain NUL", nameof(name));
    }
}

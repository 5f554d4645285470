using System.IO.Compression;
using System.Text;
using Sekisho.Server.Credentials;

namespace Sekisho.Server.Authorization;

/// <summary>
/// The encoded authorization failure message appended to denials: the explanation JSON, compressed, sealed by
/// the key ring (so only this deployment can read it and nobody can forge one), base64url. Decoded by
/// sts:DecodeAuthorizationMessage.
/// </summary>
public sealed class AuthorizationMessages(KeyRing keyRing)
{
    private const string Purpose = "sekisho/authorization-message";

    public string Encode(string explanationJson)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            zlib.Write(Encoding.UTF8.GetBytes(explanationJson));
        return Base64Url(keyRing.Seal(Purpose, buffer.ToArray()));
    }

    /// <summary>The explanation JSON, or null when <paramref name="encoded"/> is not a message of ours (malformed, altered, or under a retired key).</summary>
    public string? TryDecode(string encoded)
    {
        byte[] blob;
        try
        {
            var s = encoded.Trim().Replace('-', '+').Replace('_', '/');
            blob = Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
        }
        catch (FormatException)
        {
            return null;
        }
        if (!keyRing.TryOpen(Purpose, blob, out var compressed)) return null;
        using var input = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

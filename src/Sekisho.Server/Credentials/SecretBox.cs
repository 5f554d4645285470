using System.Security.Cryptography;
using System.Text;

namespace Sekisho.Server.Credentials;

/// <summary>
/// AES-256-GCM under one key, bound to a purpose string (the associated data), so a blob sealed for one use
/// cannot be replayed as another. Layout: 12-byte nonce, ciphertext, 16-byte tag.
/// </summary>
public sealed class SecretBox
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;
    private readonly byte[] _purpose;

    // An AesGcm holds an OpenSSL cipher context set up for its key; making one per seal or open cost more than the
    // encryption of a session token. It is not safe for concurrent use, so each thread keeps the last one it used,
    // found by the key array's identity: key arrays (KeyRing's, MasterKey's) are never changed in place.
    [ThreadStatic]
    private static (byte[] Key, AesGcm Cipher)? t_cipher;

    public SecretBox(byte[] key, string purpose)
    {
        _key = key;
        _purpose = Encoding.UTF8.GetBytes(purpose);
    }

    public byte[] Seal(ReadOnlySpan<byte> plaintext) => Seal(plaintext, []);

    /// <summary>Seals <paramref name="plaintext"/> after <paramref name="header"/>, which is authenticated but not encrypted.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> header)
    {
        var output = new byte[header.Length + NonceSize + plaintext.Length + TagSize];
        header.CopyTo(output);
        var nonce = output.AsSpan(header.Length, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        Cipher().Encrypt(nonce, plaintext, output.AsSpan(header.Length + NonceSize, plaintext.Length),
            output.AsSpan(output.Length - TagSize), Aad(header));
        return output;
    }

    public bool TryOpen(ReadOnlySpan<byte> sealedData, out byte[] plaintext) => TryOpen(sealedData, 0, out plaintext);

    /// <summary>Opens a blob whose first <paramref name="headerLength"/> bytes are the authenticated header.</summary>
    public bool TryOpen(ReadOnlySpan<byte> sealedData, int headerLength, out byte[] plaintext)
    {
        plaintext = [];
        if (sealedData.Length < headerLength + NonceSize + TagSize) return false;
        var header = sealedData[..headerLength];
        var nonce = sealedData.Slice(headerLength, NonceSize);
        var cipher = sealedData[(headerLength + NonceSize)..^TagSize];
        var result = new byte[cipher.Length];
        try
        {
            Cipher().Decrypt(nonce, cipher, sealedData[^TagSize..], result, Aad(header));
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        plaintext = result;
        return true;
    }

    private AesGcm Cipher()
    {
        if (t_cipher is { } cached && ReferenceEquals(cached.Key, _key)) return cached.Cipher;
        t_cipher?.Cipher.Dispose();
        var cipher = new AesGcm(_key, TagSize);
        t_cipher = (_key, cipher);
        return cipher;
    }

    private byte[] Aad(ReadOnlySpan<byte> header)
    {
        var aad = new byte[_purpose.Length + 1 + header.Length];
        _purpose.CopyTo(aad, 0);
        header.CopyTo(aad.AsSpan(_purpose.Length + 1));
        return aad;
    }
}

using System.Security.Cryptography;
using System.Text;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Tests.Identity;

/// <summary>
/// Stand-ins for server-core's key ring and password hasher: AES-GCM under a per-test random key (purpose as
/// associated data) and PBKDF2-SHA256. Enough to prove the domain never stores secrets in clear.
/// </summary>
public sealed class TestSecrets : ISecretProtector, IPasswordHasher
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Protect(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var cipher = new byte[plaintext.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, plaintext, cipher, tag, Encoding.UTF8.GetBytes(purpose));
        return Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    public byte[] Unprotect(string protectedValue, string purpose)
    {
        var all = Convert.FromBase64String(protectedValue);
        var plain = new byte[all.Length - 28];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(all.AsSpan(0, 12), all.AsSpan(28), all.AsSpan(12, 16), plain, Encoding.UTF8.GetBytes(purpose));
        return plain;
    }

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, 1000, HashAlgorithmName.SHA256, 32);
        return Convert.ToBase64String(salt) + ":" + Convert.ToBase64String(hash);
    }

    public bool Verify(string hash, string password)
    {
        var parts = hash.Split(':');
        var expected = Convert.FromBase64String(parts[1]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(parts[0]), 1000, HashAlgorithmName.SHA256, 32);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}

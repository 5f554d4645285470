namespace Sekisho.Server.Identity;

/// <summary>
/// Encrypts secrets at rest (secret access keys, MFA seeds). Server-core's key ring implements it; the purpose
/// string binds a ciphertext to its use so one cannot be swapped for another.
/// </summary>
public interface ISecretProtector
{
    string Protect(ReadOnlySpan<byte> plaintext, string purpose);

    byte[] Unprotect(string protectedValue, string purpose);
}

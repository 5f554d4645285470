using Sekisho.Server.Credentials;

namespace Sekisho.Server.Identity;

/// <summary>Secrets at rest sealed by server-core's master key, one <see cref="SecretBox"/> per purpose (as <see cref="AccessKeyStore"/> does).</summary>
public sealed class MasterKeySecretProtector(MasterKey master) : ISecretProtector
{
    public string Protect(ReadOnlySpan<byte> plaintext, string purpose) => Convert.ToBase64String(master.Box(purpose).Seal(plaintext));

    public byte[] Unprotect(string protectedValue, string purpose) =>
        master.Box(purpose).TryOpen(Convert.FromBase64String(protectedValue), out var clear)
            ? clear
            : throw new InvalidOperationException($"a secret sealed for '{purpose}' does not open with this master key");
}

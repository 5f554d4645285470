using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sekisho.Agent.Connection;

/// <summary>
/// Which server certificate the agent accepts: one that validates normally, or (a self-signed Sekisho server) the
/// one whose SHA-256 is pinned. During registration without a pin the first certificate seen is trusted and
/// remembered (<see cref="SeenFingerprint"/>) so that every later connection requires the same one.
/// </summary>
public sealed class ServerTrust
{
    private readonly bool _trustOnFirstUse;

    public ServerTrust(string? pinnedSha256, bool trustOnFirstUse = false)
    {
        PinnedSha256 = pinnedSha256 is null ? null : Normalize(pinnedSha256);
        _trustOnFirstUse = trustOnFirstUse;
    }

    /// <summary>Upper-case hex without separators, as <c>sekisho server</c> prints it.</summary>
    public string? PinnedSha256 { get; private set; }

    /// <summary>The fingerprint of the last certificate that failed normal validation (to pin it).</summary>
    public string? SeenFingerprint { get; private set; }

    /// <summary>Whether a certificate was accepted only because of trust on first use.</summary>
    public bool TrustedOnFirstUse { get; private set; }

    public static string Normalize(string fingerprint)
    {
        var hex = fingerprint.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Trim();
        if (hex.StartsWith("SHA256", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[6..].TrimStart('=', ':');
        }
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
        {
            throw new AgentException($"--fingerprint '{fingerprint}' is not a SHA-256 fingerprint (64 hexadecimal digits, colons allowed)");
        }
        return hex.ToUpperInvariant();
    }

    public bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }
        var fingerprint = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
        if (PinnedSha256 is { } pinned)
        {
            // A pin wins over the CA store: the pinned server only.
            return CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(fingerprint), System.Text.Encoding.ASCII.GetBytes(pinned));
        }
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        SeenFingerprint = fingerprint;
        if (_trustOnFirstUse)
        {
            PinnedSha256 = fingerprint;
            TrustedOnFirstUse = true;
            return true;
        }
        return false;
    }

    public HttpMessageHandler CreateHandler() => new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors),
        },
        ConnectTimeout = TimeSpan.FromSeconds(15),
    };
}

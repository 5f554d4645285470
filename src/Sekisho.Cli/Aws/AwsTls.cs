using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sekisho.Cli.Aws;

/// <summary>
/// How the server's TLS certificate is checked: the system's trust (default), the certificates of a CA bundle
/// (<c>--ca-bundle</c>, <c>AWS_CA_BUNDLE</c>, <c>ca_bundle</c>: e.g. the Sekisho server's self-signed certificate),
/// or not at all (<c>--no-verify-ssl</c>). Used for HTTPS calls and wss:// data channels alike.
/// </summary>
public sealed class AwsTls
{
    private readonly Lazy<X509Certificate2Collection>? _bundle;

    private AwsTls(bool verify, string? caBundle, Lazy<X509Certificate2Collection>? bundle)
    {
        Verify = verify;
        CaBundle = caBundle;
        _bundle = bundle;
    }

    public bool Verify { get; }

    public string? CaBundle { get; }

    public static AwsTls SystemTrust { get; } = new(true, null, null);

    public static AwsTls NoVerification { get; } = new(false, null, null);

    /// <summary>
    /// Trust exactly the PEM certificates in <paramref name="path"/>. The file is read when a server's certificate is
    /// first checked against it, not here: a command that never needs it (plain HTTP, or a chain the process's trust
    /// store, set to this same bundle by <see cref="ProcessTrustStore"/>, already accepted) does not parse it. Parsing
    /// needs OpenSSL, whose first use in a process, and a system-sized bundle (about 140 certificates), cost a `session
    /// start` 30-75 ms before its first request here. A file that is not a certificate bundle fails the first TLS
    /// connection with the same message, as the AWS CLI fails then too.
    /// </summary>
    public static AwsTls FromBundle(string path, string where)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new CliException($"the CA bundle {path} ({where}) does not exist");
        }
        return new AwsTls(true, path, new Lazy<X509Certificate2Collection>(() => Load(path, where)));
    }

    private static X509Certificate2Collection Load(string path, string where)
    {
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"the CA bundle {path} ({where}) is not a readable PEM certificate file: {e.Message}", e);
        }
        if (bundle.Count == 0)
        {
            throw new CliException($"the CA bundle {path} ({where}) holds no certificate");
        }
        return bundle;
    }

    /// <summary>The callback for <see cref="SslClientAuthenticationOptions"/>, or null for the system's own checks.</summary>
    public RemoteCertificateValidationCallback? ValidationCallback =>
        !Verify ? static (_, _, _, _) => true
        : _bundle is null ? null
        : Validate;

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        using var leaf = new X509Certificate2(certificate);
        foreach (var trusted in _bundle!.Value)
        {
            // The server's own self-signed certificate in the bundle is trusted as it is.
            if (trusted.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
            {
                return true;
            }
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_bundle.Value);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return custom.Build(leaf);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sekisho.Server.Hosting;

/// <summary>The TLS certificate for non-loopback listeners: generated on first start into <c>DATA/tls.pfx</c> (0600) and reused.</summary>
public static class SelfSignedCertificate
{
    public const string FileName = "tls.pfx";

    public static X509Certificate2 LoadOrCreate(string dataDirectory, string hostName)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path)) return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(hostName);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        var pfx = created.Export(X509ContentType.Pfx);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options)) stream.Write(pfx);
        return X509CertificateLoader.LoadPkcs12(pfx, password: null);
    }

    public static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
}

using System.Runtime.InteropServices;

namespace Sekisho.Cli.Aws;

/// <summary>
/// With a CA bundle, makes the bundle this process's whole system trust store, as it is for the AWS CLI (botocore
/// verifies against the bundle alone). The reason is speed: to check a server's certificate, .NET on Linux builds
/// a chain, and the first chain of a process loads the whole system store (ca-certificates.crt and every file of
/// /etc/ssl/certs), about 140 ms of a `session start` over HTTPS measured here, even when the bundle is what decides.
/// .NET reads where that store is from SSL_CERT_FILE and SSL_CERT_DIR (natively and from the managed environment),
/// so both are set before the first TLS connection: the file to the bundle, the directory to one that does not exist.
/// Only for the CLI's own AWS commands (never in a library path: it changes the process), and only on Linux.
/// </summary>
internal static partial class ProcessTrustStore
{
    /// <summary>A certificate directory that does not exist: no certificates beyond the bundle.</summary>
    public const string NoDirectory = "/nonexistent/sekisho-ca-bundle-only";

    public static void UseBundleOnly(AwsTls tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        if (tls.CaBundle is not { } bundle || !OperatingSystem.IsLinux())
        {
            return;
        }
        Set("SSL_CERT_FILE", Path.GetFullPath(bundle));
        Set("SSL_CERT_DIR", NoDirectory);
    }

    private static void Set(string name, string value)
    {
        // Called before the command starts any connection, while nothing else of ours reads the environment.
        Environment.SetEnvironmentVariable(name, value);
        if (setenv(name, value, 1) != 0)
        {
            throw new CliException($"cannot set {name} for the CA bundle: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}

using Sekisho.TestSupport;

namespace Sekisho.Cli.Tests.Aws;

/// <summary>
/// The real CLI process with a CA bundle: the bundle is its whole trust, as for the AWS CLI (and so the system store,
/// slow to load, is never read). The "system" here is SSL_CERT_FILE, which .NET reads as the system store.
/// </summary>
public sealed class ProcessTrustStoreTests
{
    private static readonly Dictionary<string, string> Secrets = new() { ["AKIDBASE"] = "base-secret" };

    private const string Denied =
        """{"__type":"com.amazonaws.ssm#AccessDeniedException","message":"User: arn:aws:iam::1:user/bob is not authorized to perform: ssm:StartSession"}""";

    [Fact]
    public async Task Session_start_trusts_the_ca_bundle_alone_not_what_the_system_store_trusts()
    {
        using var served = TestCertificates.SelfSigned();
        using var other = TestCertificates.SelfSigned();
        await using var ssm = new FakeAwsEndpoint(Secrets, _ => new(400, Denied), served);
        var folder = Directory.CreateTempSubdirectory("sekisho-trust-").FullName;
        try
        {
            var servedPem = Path.Combine(folder, "served.pem");
            var otherPem = Path.Combine(folder, "other.pem");
            await File.WriteAllTextAsync(servedPem, served.ExportCertificatePem());
            await File.WriteAllTextAsync(otherPem, other.ExportCertificatePem());
            var environment = new Dictionary<string, string>
            {
                ["AWS_ACCESS_KEY_ID"] = "AKIDBASE",
                ["AWS_SECRET_ACCESS_KEY"] = "base-secret",
                ["AWS_REGION"] = "us-east-1",
                ["AWS_ENDPOINT_URL"] = ssm.Url,
                ["AWS_CONFIG_FILE"] = Path.Combine(folder, "none"),
                ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(folder, "none"),
                // The "system" trusts the served certificate...
                ["SSL_CERT_FILE"] = servedPem,
                ["SSL_CERT_DIR"] = folder,
            };

            // ...and with the served certificate in the bundle too, the call reaches the endpoint (which denies it).
            environment["AWS_CA_BUNDLE"] = servedPem;
            var trusted = await StartSessionAsync(environment);
            Assert.Contains("AccessDeniedException", trusted.Stderr, StringComparison.Ordinal);
            Assert.Single(ssm.Requests, r => r.Authorization is not null);
            var reached = ssm.Requests.Count;

            // A bundle without it: refused, although the system store alone would have accepted it.
            environment["AWS_CA_BUNDLE"] = otherPem;
            var refused = await StartSessionAsync(environment);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("Could not connect to the endpoint URL", refused.Stderr, StringComparison.Ordinal);
            // Nothing reached the endpoint: neither the call nor the connection warm-up before it.
            Assert.Equal(reached, ssm.Requests.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Task<CliRunner.Result> StartSessionAsync(IReadOnlyDictionary<string, string> environment) =>
        CliRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "sekisho.dll"), "session", "start", "--target", "mi-0123456789abcdef0"],
            environment: environment, timeout: TimeSpan.FromMinutes(1));
}

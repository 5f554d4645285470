using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sekisho.Server.Hosting;

namespace Sekisho.Server.Tests;

public sealed class HttpsTests
{
    [Fact]
    public async Task An_https_listener_serves_a_self_signed_certificate_kept_in_the_data_folder()
    {
        var data = Directory.CreateTempSubdirectory("sekisho-tls-").FullName;
        try
        {
            await ServerInitializer.InitAsync(data, "111122223333", "us-east-1", null, TimeProvider.System);
            var options = new ServerOptions(data, new Uri("https://127.0.0.1:0"));
            var app = await SekishoServer.BuildAsync(options);
            await using (app)
            {
                await app.StartAsync();
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                var fingerprint = SekishoServer.CertificateFingerprint(options)!;
                string? seen = null;
                using var handler = new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
                    {
                        seen = Convert.ToHexString(cert!.GetCertHash(HashAlgorithmName.SHA256));
                        return seen == fingerprint;
                    },
                };
                using var http = new HttpClient(handler);
                using var response = await http.GetAsync(address + "/healthz");
                Assert.True(response.IsSuccessStatusCode);
                Assert.Equal(fingerprint, seen);
                await app.StopAsync();
            }
            Assert.True(File.Exists(Path.Combine(data, SelfSignedCertificate.FileName)));
            Assert.Equal(StoredFingerprint(data), SelfSignedCertificate.Fingerprint(SelfSignedCertificate.LoadOrCreate(data, "127.0.0.1")));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }

        static string StoredFingerprint(string dir) => SelfSignedCertificate.Fingerprint(X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(dir, SelfSignedCertificate.FileName), null));
    }

    [Fact]
    public async Task Plain_http_off_loopback_is_refused()
    {
        var data = Directory.CreateTempSubdirectory("sekisho-tls-").FullName;
        try
        {
            await ServerInitializer.InitAsync(data, "111122223333", "us-east-1", null, TimeProvider.System);
            var e = await Assert.ThrowsAsync<ArgumentException>(() => SekishoServer.BuildAsync(new ServerOptions(data, new Uri("http://0.0.0.0:8080"))));
            Assert.Contains("loopback only", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}

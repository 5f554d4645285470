using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Sekisho.TestSupport;

namespace Sekisho.Server.Tests;

/// <summary>The real thing: <c>sekisho server init</c> and <c>run</c> as processes, driven by Debian's AWS CLI v2.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AwsCliTests
{
    private const string Aws = AwsCliEnvironment.Path;

    [Fact]
    public async Task Init_then_run_then_the_AWS_CLI_gets_the_callers_identity()
    {
        Assert.True(File.Exists(Aws), "/usr/bin/aws is missing: install Debian's awscli (AWS CLI v2)");
        var data = Directory.CreateTempSubdirectory("sekisho-cli-").FullName;
        try
        {
            var init = await CliRunner.RunSekishoAsync(["server", "init", "--data", data, "--account-id", "210987654321", "--region", "eu-central-1"]);
            Assert.True(init.ExitCode == 0, init.Stderr);
            var credentials = Path.Combine(data, "admin.credentials");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(credentials));
            Assert.Contains("aws_access_key_id = AKIA", await File.ReadAllTextAsync(credentials), StringComparison.Ordinal);

            var again = await CliRunner.RunSekishoAsync(["server", "init", "--data", data]);
            Assert.Equal(2, again.ExitCode);
            Assert.Contains("refusing to overwrite", again.Stderr, StringComparison.Ordinal);

            var refused = await CliRunner.RunSekishoAsync(["server", "run", "--data", data, "--listen", "http://0.0.0.0:8080"]);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("loopback only", refused.Stderr, StringComparison.Ordinal);

            var port = FreePort();
            var endpoint = $"http://127.0.0.1:{port}";
            using var server = Process.Start(new ProcessStartInfo("dotnet")
            {
                ArgumentList = { Path.Combine(AppContext.BaseDirectory, "sekisho.dll"), "server", "run", "--data", data, "--listen", endpoint },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            try
            {
                using var http = new HttpClient();
                var ready = false;
                for (var i = 0; i < 300 && !ready && !server.HasExited; i++)
                {
                    try
                    {
                        ready = (await http.GetAsync($"{endpoint}/healthz")).IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(200);
                    }
                }
                Assert.True(ready, "the server did not answer /healthz");

                var env = AwsCliEnvironment.WithCredentialsFile(credentials);
                var whoami = await CliRunner.RunAsync(Aws, ["--endpoint-url", endpoint, "--region", "eu-central-1", "sts", "get-caller-identity", "--output", "json"], environment: env);
                Assert.True(whoami.ExitCode == 0, whoami.Stderr);
                var json = JsonNode.Parse(whoami.Stdout)!;
                Assert.Equal("arn:aws:iam::210987654321:user/admin", json["Arn"]!.GetValue<string>());
                Assert.Equal("210987654321", json["Account"]!.GetValue<string>());

                var unknown = await CliRunner.RunAsync(Aws, ["--endpoint-url", endpoint, "--region", "eu-central-1", "iam", "list-account-aliases"], environment: env);
                Assert.Equal(254, unknown.ExitCode);
                Assert.Contains("(InvalidAction)", unknown.Stderr, StringComparison.Ordinal);

                var audit = await CliRunner.RunSekishoAsync(["audit", "--data", data, "--since", "1h"]);
                Assert.Equal(0, audit.ExitCode);
                Assert.Contains("\"operation\":\"GetCallerIdentity\"", audit.Stdout, StringComparison.Ordinal);
            }
            finally
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

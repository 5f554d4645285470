using System.Diagnostics;
using System.Text.Json.Nodes;
using Sekisho.TestSupport;

namespace Sekisho.Server.Tests;

/// <summary><c>sekisho dev</c> as a process: its printed exports are enough for the AWS CLI.</summary>
public sealed class DevCommandTests
{
    [Fact]
    public async Task Dev_prints_exports_that_make_the_AWS_CLI_work()
    {
        var data = Directory.CreateTempSubdirectory("sekisho-dev-test-").FullName;
        using var dev = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "sekisho.dll"), "dev", "--data", data },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = dev.StandardError.ReadToEndAsync();
        Task<string>? rest = null;
        try
        {
            var exports = new Dictionary<string, string>();
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (!exports.ContainsKey("AWS_ENDPOINT_URL") && await dev.StandardOutput.ReadLineAsync(cts.Token) is { } line)
            {
                if (!line.StartsWith("export ", StringComparison.Ordinal)) continue;
                var eq = line.IndexOf('=', StringComparison.Ordinal);
                exports[line[7..eq]] = line[(eq + 1)..];
            }
            Assert.True(exports.ContainsKey("AWS_ENDPOINT_URL"), "sekisho dev printed no AWS_ENDPOINT_URL");
            // Keep reading: a full pipe would stall the server's console logger and with it the server.
            rest = dev.StandardOutput.ReadToEndAsync(CancellationToken.None);
            Assert.StartsWith("AKIA", exports["AWS_ACCESS_KEY_ID"], StringComparison.Ordinal);
            Assert.StartsWith("http://127.0.0.1:", exports["AWS_ENDPOINT_URL"], StringComparison.Ordinal);

            var env = new Dictionary<string, string>(exports) { ["AWS_CONFIG_FILE"] = "/dev/null", ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null", ["AWS_PAGER"] = "" };
            var whoami = await CliRunner.RunAsync("/usr/bin/aws", ["--endpoint-url", exports["AWS_ENDPOINT_URL"], "sts", "get-caller-identity", "--output", "json"], environment: env,
                timeout: TimeSpan.FromMinutes(2));
            Assert.True(whoami.ExitCode == 0, whoami.Stderr + (dev.HasExited ? "\nsekisho dev exited: " + await stderr : ""));
            Assert.EndsWith(":user/admin", JsonNode.Parse(whoami.Stdout)!["Arn"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            dev.Kill(entireProcessTree: true);
            await dev.WaitForExitAsync();
            await stderr;
            if (rest is not null) await rest;
            Directory.Delete(data, recursive: true);
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sekisho.Protocol.Signing;
using Sekisho.TestSupport;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// Scenario 2's port step with real processes: a web server started here, a real agent, and
/// <c>sekisho session start --document-name AWS-StartPortForwardingSession</c> forwarding a local port to it; the real
/// <c>curl</c> fetches the page through the tunnel.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PortForwardingEndToEndTests(ServerProcess server)
{
    [Fact]
    public async Task Curl_through_a_port_forwarding_session_returns_the_page_the_node_serves()
    {
        AwsCli.Require();
        var site = Directory.CreateTempSubdirectory("sekisho-e2e-site-");
        var page = "page-" + Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(Path.Combine(site.FullName, "index.html"), page + "\n");
        var webPort = FreePort();
        using var web = Start("python3", "-m", "http.server", webPort.ToString(), "--bind", "127.0.0.1", "--directory", site.FullName);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await using var node = await TestNode.StartAsync(server, "pf-" + suffix);
        var localPort = FreePort();
        await using var client = PortSessionProcess.Start(server, new SigV4Credentials(server.AdminKeyId, server.AdminSecret), node.InstanceId,
            "AWS-StartPortForwardingSession", $"portNumber={webPort},localPortNumber={localPort}");
        try
        {
            await client.WaitForTunnelAsync(TimeSpan.FromSeconds(60), $"agent:\n{node.Agent.Log}");
            for (var i = 0; i < 2; i++)
            {
                var curl = await CliRunner.RunAsync("curl", ["-sS", "--max-time", "20", $"http://127.0.0.1:{localPort}/"], timeout: TimeSpan.FromSeconds(30));
                Assert.True(curl.ExitCode == 0, $"curl: {curl.Stderr}\nclient:\n{client}\nagent:\n{node.Agent.Log}");
                Assert.Equal(page + "\n", curl.Stdout);
            }
        }
        finally
        {
            if (!web.HasExited) web.Kill();
            await web.WaitForExitAsync();
            site.Delete(recursive: true);
        }
    }

    private static Process Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Sekisho.Protocol.Signing;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// How <c>sekisho session start</c> of a port or SSH session ends when it cannot do its job, with a real server and
/// agent: a remote host the agent refuses (cloud metadata, or outside the document's allow-list), or an SSH port
/// nothing listens on, is a failed session, exit 255 with the agent's reason on stderr and the session Failed in
/// DescribeSessions; a local port already taken is bad input, exit 2 naming the port, and the session it had started
/// is terminated.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PortModeExitTests(ServerProcess server) : IAsyncLifetime
{
    private TestNode _node = null!;

    private SigV4Credentials Admin => new(server.AdminKeyId, server.AdminSecret);

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(server, "exit-" + Guid.NewGuid().ToString("N")[..6]);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_refused_remote_host_exits_255_with_the_agents_reason()
    {
        await using var session = PortSessionProcess.Start(server, Admin, _node.InstanceId, "AWS-StartPortForwardingSessionToRemoteHost",
            $"host=169.254.169.254,portNumber=80,localPortNumber={FreePort()}");
        var code = await session.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(code == 255, $"exit {code}:\n{session}\nagent:\n{_node.Agent.Log}");
        Assert.Contains("169.254.0.0/16", session.Stderr, StringComparison.Ordinal);
        using var history = await DescribeSessionsAsync("History", StartedSessionId(session.Stderr));
        var listed = Assert.Single(history.RootElement.GetProperty("Sessions").EnumerateArray());
        Assert.Equal("Failed", listed.GetProperty("Status").GetString());
    }

    [Fact]
    public async Task A_destination_outside_the_documents_top_level_allow_list_exits_255()
    {
        // Before, a top-level allowedDestinations was accepted, stored and never enforced: this session forwarded.
        var name = "DbOnly-" + Guid.NewGuid().ToString("N")[..8];
        const string Content = """
            {"schemaVersion":"1.0","sessionType":"Port","allowedDestinations":["db.internal:5432"],
             "parameters":{"portNumber":{"type":"String"},"host":{"type":"String"},"localPortNumber":{"type":"String","default":"0"}},
             "properties":{"type":"LocalPortForwarding","portNumber":"{{ portNumber }}","host":"{{ host }}","localPortNumber":"{{ localPortNumber }}"}}
            """;
        var created = await new AwsCli(server).RunAsync(server.AdminKeyId, server.AdminSecret, null, "ssm", "create-document", "--name", name,
            "--document-type", "Session", "--content", Content);
        Assert.True(created.ExitCode == 0, created.Stderr);
        await using var session = PortSessionProcess.Start(server, Admin, _node.InstanceId, name, "host=127.0.0.1,portNumber=22");
        var code = await session.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(code == 255, $"exit {code}:\n{session}\nagent:\n{_node.Agent.Log}");
        Assert.Contains("127.0.0.1:22 refused: not in the document's allowedDestinations (db.internal:5432)", session.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ssh_session_to_a_port_nothing_listens_on_exits_255_with_the_agents_reason()
    {
        // As OpenSSH runs the ProxyCommand: standard input open, the exit code what a script sees.
        var closed = FreePort();
        await using var session = PortSessionProcess.Start(server, Admin, _node.InstanceId, "AWS-StartSSHSession", $"portNumber={closed}");
        var code = await session.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(code == 255, $"exit {code}:\n{session}\nagent:\n{_node.Agent.Log}");
        Assert.Contains($"cannot connect to port {closed} on {_node.InstanceId}", session.Stderr, StringComparison.Ordinal);
        Assert.Equal("", session.Stdout);
        using var history = await DescribeSessionsAsync("History", StartedSessionId(session.Stderr));
        var listed = Assert.Single(history.RootElement.GetProperty("Sessions").EnumerateArray());
        Assert.Equal("Failed", listed.GetProperty("Status").GetString());
    }

    [Fact]
    public async Task A_local_port_in_use_exits_2_naming_the_port_and_terminates_the_session()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var session = PortSessionProcess.Start(server, Admin, _node.InstanceId, "AWS-StartPortForwardingSession",
            $"portNumber=22,localPortNumber={port}");
        var code = await session.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(code == 2, $"exit {code}:\n{session}");
        Assert.Contains($"cannot listen on local port {port}", session.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Waiting for connections", session.Stdout, StringComparison.Ordinal);
        using var active = await DescribeSessionsAsync("Active", StartedSessionId(session.Stderr));
        Assert.Empty(active.RootElement.GetProperty("Sessions").EnumerateArray());
    }

    /// <summary>`aws ssm describe-sessions --state STATE` filtered to one session id, as parsed JSON.</summary>
    private async Task<JsonDocument> DescribeSessionsAsync(string state, string sessionId)
    {
        var result = await new AwsCli(server).RunAsync(server.AdminKeyId, server.AdminSecret, null, "ssm", "describe-sessions", "--state", state,
            "--filters", $"key=SessionId,value={sessionId}");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout);
    }

    private static string StartedSessionId(string stderr)
    {
        const string Marker = "Starting session with SessionId: ";
        var at = stderr.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(at >= 0, "no 'Starting session' line:\n" + stderr);
        var rest = stderr[(at + Marker.Length)..];
        return rest[..rest.IndexOfAny(['\r', '\n'])].Trim();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

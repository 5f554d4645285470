using System.Diagnostics;
using System.Text.Json;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Server.Tests.Nodes;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// Managed nodes through the real AWS CLI v2 against a real server, with a fake agent doing the agent's HTTP and
/// WebSocket side (scenario 6, the server's half).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class NodesCliTests(ServerProcess server)
{
    private readonly AwsCli _aws = new(server);

    private async Task<JsonElement> Admin(params string[] args)
    {
        var result = await _aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, args);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', args)}: {result.Stderr}");
        if (result.Stdout.Trim().Length == 0) return default;
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.Clone();
    }

    private async Task<string> PingStatus(string instanceId)
    {
        var info = await Admin("ssm", "describe-instance-information", "--filters", $"Key=InstanceIds,Values={instanceId}");
        return info.GetProperty("InstanceInformationList")[0].GetProperty("PingStatus").GetString()!;
    }

    [Fact]
    public async Task A_node_registers_goes_online_and_offline_is_tagged_and_deregistering_cuts_it_off()
    {
        await Admin("iam", "create-role", "--role-name", "E2eNodeRole", "--assume-role-policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole"}]}""");
        var activation = await Admin("ssm", "create-activation", "--iam-role", "E2eNodeRole", "--registration-limit", "1",
            "--default-instance-name", "e2e-web", "--tags", "Key=env,Value=e2e");
        var activationId = activation.GetProperty("ActivationId").GetString()!;
        var code = activation.GetProperty("ActivationCode").GetString()!;
        var described = await Admin("ssm", "describe-activations", "--filters", $"FilterKey=ActivationIds,FilterValues={activationId}");
        Assert.Equal("E2eNodeRole", described.GetProperty("ActivationList")[0].GetProperty("IamRole").GetString());

        using var agent = new FakeAgent(server.Endpoint, server.Http);
        var registration = await agent.RegisterAsync(activationId, code);
        var credentials = await agent.CredentialsAsync();
        var who = await _aws.RunAsync(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, "sts", "get-caller-identity");
        Assert.True(who.ExitCode == 0, who.Stderr);
        Assert.Contains($"assumed-role/E2eNodeRole/{registration.InstanceId}", who.Stdout, StringComparison.Ordinal);

        var (socket, _) = await agent.ConnectAsync(credentials);
        Assert.NotNull(socket);
        await agent.HelloAsync();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonElement node;
        do
        {
            node = (await Admin("ssm", "describe-instance-information", "--filters", $"Key=InstanceIds,Values={registration.InstanceId}"))
                .GetProperty("InstanceInformationList")[0];
        }
        while (!node.TryGetProperty("AgentVersion", out _) && DateTime.UtcNow < deadline);
        Assert.Equal("Online", node.GetProperty("PingStatus").GetString());
        Assert.Equal("e2e-web", node.GetProperty("Name").GetString());
        Assert.Equal("3.3.1000.0", node.GetProperty("AgentVersion").GetString());
        Assert.Equal("ManagedInstance", node.GetProperty("ResourceType").GetString());
        Assert.Equal("192.0.2.10", node.GetProperty("IPAddress").GetString());
        Assert.Equal("Linux", node.GetProperty("PlatformType").GetString());
        Assert.Equal(activationId, node.GetProperty("ActivationId").GetString());

        await Admin("ssm", "add-tags-to-resource", "--resource-type", "ManagedInstance", "--resource-id", registration.InstanceId,
            "--tags", "Key=team,Value=blue");
        var tags = await Admin("ssm", "list-tags-for-resource", "--resource-type", "ManagedInstance", "--resource-id", registration.InstanceId);
        var pairs = tags.GetProperty("TagList").EnumerateArray().Select(t => $"{t.GetProperty("Key").GetString()}={t.GetProperty("Value").GetString()}").Order().ToList();
        Assert.Equal(["env=e2e", "team=blue"], pairs);

        await socket!.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        deadline = DateTime.UtcNow.AddSeconds(15);
        while (await PingStatus(registration.InstanceId) != "ConnectionLost")
        {
            Assert.True(DateTime.UtcNow < deadline, "the node stayed Online after its socket closed");
            await Task.Delay(200);
        }

        (socket, _) = await agent.ConnectAsync(credentials);
        Assert.NotNull(socket);
        await agent.HelloAsync();
        var clock = Stopwatch.StartNew();
        await Admin("ssm", "deregister-managed-instance", "--instance-id", registration.InstanceId);
        var message = await agent.ReceiveAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AgentMessageTypes.Deregistered, message!.Type);
        Assert.Null(await agent.ReceiveAsync(TimeSpan.FromSeconds(10)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the socket was cut {clock.Elapsed} after the call started");

        var after = await _aws.RunAsync(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, "sts", "get-caller-identity");
        Assert.NotEqual(0, after.ExitCode);
        Assert.Contains("InvalidClientTokenId", after.Stderr, StringComparison.Ordinal);
        var (renewStatus, renewBody) = await agent.CredentialsRawAsync();
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, renewStatus);
        Assert.Contains("NodeDeregistered", renewBody, StringComparison.Ordinal);
        var list = await Admin("ssm", "describe-instance-information", "--filters", $"Key=InstanceIds,Values={registration.InstanceId}");
        Assert.Equal(0, list.GetProperty("InstanceInformationList").GetArrayLength());
    }

    [Fact]
    public async Task The_AWS_session_documents_and_the_preferences_are_described_and_listed()
    {
        var port = await Admin("ssm", "describe-document", "--name", "AWS-StartPortForwardingSession");
        var document = port.GetProperty("Document");
        Assert.Equal("Amazon", document.GetProperty("Owner").GetString());
        Assert.Equal("Session", document.GetProperty("DocumentType").GetString());
        var parameters = document.GetProperty("Parameters").EnumerateArray().ToDictionary(p => p.GetProperty("Name").GetString()!, p => p.GetProperty("DefaultValue").GetString());
        Assert.Equal("80", parameters["portNumber"]);
        Assert.Equal("0", parameters["localPortNumber"]);

        var amazon = await Admin("ssm", "list-documents", "--filters", "Key=Owner,Values=Amazon");
        var names = amazon.GetProperty("DocumentIdentifiers").EnumerateArray().Select(d => d.GetProperty("Name").GetString()).ToList();
        Assert.Equal(["AWS-StartInteractiveCommand", "AWS-StartNonInteractiveCommand", "AWS-StartPortForwardingSession",
            "AWS-StartPortForwardingSessionToRemoteHost", "AWS-StartSSHSession"], names);

        var shell = await Admin("ssm", "get-document", "--name", "SSM-SessionManagerRunShell");
        using var content = JsonDocument.Parse(shell.GetProperty("Content").GetString()!);
        Assert.Equal("20", content.RootElement.GetProperty("inputs").GetProperty("idleSessionTimeout").GetString());

        var bad = await _aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, "ssm", "update-document", "--name", "SSM-SessionManagerRunShell",
            "--document-version", "$LATEST", "--content",
            """{"schemaVersion":"1.0","sessionType":"Standard_Stream","inputs":{"idleSessionTimeout":"600"}}""");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("InvalidDocumentContent", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("inputs.idleSessionTimeout", bad.Stderr, StringComparison.Ordinal);
    }
}

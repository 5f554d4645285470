using System.Text.Json;
using System.Text.RegularExpressions;
using Sekisho.TestSupport;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// One node for an end-to-end test: an IAM role and an activation made by the AWS CLI, <c>sekisho agent register</c>,
/// and a running <c>sekisho agent run</c> process (its state dir in a temporary folder), waited for until Online.
/// </summary>
public sealed partial class TestNode : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private const string NodeTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private readonly ServerProcess _server;
    private readonly DirectoryInfo _work;

    private TestNode(ServerProcess server, DirectoryInfo work, string roleName, string instanceId, AgentProcess agent)
    {
        _server = server;
        _work = work;
        RoleName = roleName;
        InstanceId = instanceId;
        Agent = agent;
    }

    public string RoleName { get; }

    public string InstanceId { get; }

    public AgentProcess Agent { get; }

    public string StateDir => Path.Combine(_work.FullName, "state");

    public static async Task<TestNode> StartAsync(ServerProcess server, string name)
    {
        var aws = new AwsCli(server);
        var work = Directory.CreateTempSubdirectory("sekisho-e2e-node-");
        var role = "Node-" + name;
        Check(await aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, "iam", "create-role", "--role-name", role, "--assume-role-policy-document", NodeTrust));
        var created = Check(await aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, "ssm", "create-activation", "--iam-role", role,
            "--registration-limit", "1", "--default-instance-name", name));
        using var activation = JsonDocument.Parse(created.Stdout);
        var state = Path.Combine(work.FullName, "state");
        var register = await CliRunner.RunSekishoAsync(["agent", "register", "--server", server.Endpoint.ToString().TrimEnd('/'),
            "--code", activation.RootElement.GetProperty("ActivationCode").GetString()!, "--id", activation.RootElement.GetProperty("ActivationId").GetString()!,
            "--state-dir", state], timeout: TimeSpan.FromMinutes(1));
        Assert.True(register.ExitCode == 0, "agent register: " + register.Stderr);
        var instanceId = InstanceIdPattern().Match(register.Stdout).Value;
        Assert.StartsWith("mi-", instanceId, StringComparison.Ordinal);
        var node = new TestNode(server, work, role, instanceId, AgentProcess.Start(state));
        await node.Agent.WaitForLogAsync("control channel connected", Wait);
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var info = Check(await aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, "ssm", "describe-instance-information",
                "--filters", $"Key=InstanceIds,Values={instanceId}"));
            using var json = JsonDocument.Parse(info.Stdout);
            var list = json.RootElement.GetProperty("InstanceInformationList");
            if (list.GetArrayLength() == 1 && list[0].GetProperty("PingStatus").GetString() == "Online") return node;
            Assert.True(DateTime.UtcNow < deadline, $"{instanceId} did not come online:\n{node.Agent.Log}");
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Agent.DisposeAsync();
        await new AwsCli(_server).RunAsync(_server.AdminKeyId, _server.AdminSecret, null, "ssm", "deregister-managed-instance", "--instance-id", InstanceId);
        _work.Delete(recursive: true);
    }

    private static CliRunner.Result Check(CliRunner.Result result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        return result;
    }

    [GeneratedRegex("mi-[0-9a-f]{17}")]
    private static partial Regex InstanceIdPattern();
}

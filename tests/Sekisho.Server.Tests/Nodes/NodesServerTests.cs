using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sekisho.Protocol.AgentChannel;
using Microsoft.Extensions.DependencyInjection;
using Sekisho.Protocol.Signing;

namespace Sekisho.Server.Tests.Nodes;

public sealed partial class NodesServerTests(NodesFixture server) : IClassFixture<NodesFixture>
{
    [GeneratedRegex("^mi-[0-9a-f]{17}$")]
    private static partial Regex InstanceIdPattern();

    private static async Task Eventually(Func<Task<bool>> condition, string what, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"not within {seconds} s: {what}");
            await Task.Delay(100);
        }
    }

    private async Task<JsonObject?> Describe(string instanceId)
    {
        var (status, body) = await server.SsmAsync("DescribeInstanceInformation",
            new JsonObject { ["Filters"] = new JsonArray(new JsonObject { ["Key"] = "InstanceIds", ["Values"] = new JsonArray(instanceId) }) });
        Assert.Equal(HttpStatusCode.OK, status);
        var list = body["InstanceInformationList"]!.AsArray();
        return list.Count == 0 ? null : list[0]!.AsObject();
    }

    [Fact]
    public async Task A_node_registers_with_an_activation_and_gets_role_session_credentials_named_after_it()
    {
        var tags = new JsonArray(new JsonObject { ["Key"] = "env", ["Value"] = "prod" });
        var (activationId, code) = await server.CreateActivationAsync(limit: 2, name: "web", tags: tags);
        Assert.Equal(20, code.Length);
        using var agent = server.NewAgent();
        var registration = await agent.RegisterAsync(activationId, code);
        Assert.Matches(InstanceIdPattern(), registration.InstanceId);
        Assert.Equal(NodesFixture.Account, registration.AccountId);

        var credentials = await agent.CredentialsAsync();
        Assert.StartsWith("ASIA", credentials.AccessKeyId, StringComparison.Ordinal);
        var (status, xml) = await server.CallerIdentityAsync(credentials);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"<Arn>arn:aws:sts::{NodesFixture.Account}:assumed-role/{NodesFixture.Role}/{registration.InstanceId}</Arn>", xml, StringComparison.Ordinal);

        var info = (await Describe(registration.InstanceId))!;
        Assert.Equal("web", info["Name"]!.GetValue<string>());
        Assert.Equal(activationId, info["ActivationId"]!.GetValue<string>());
        Assert.Equal(NodesFixture.Role, info["IamRole"]!.GetValue<string>());
        Assert.Equal("ManagedInstance", info["ResourceType"]!.GetValue<string>());
        Assert.Equal("ConnectionLost", info["PingStatus"]!.GetValue<string>());
        Assert.False(info["IsLatestVersion"]!.GetValue<bool>());

        var (_, listed) = await server.SsmAsync("ListTagsForResource", new JsonObject { ["ResourceType"] = "ManagedInstance", ["ResourceId"] = registration.InstanceId });
        Assert.Equal("prod", listed["TagList"]!.AsArray().Single(t => t!["Key"]!.GetValue<string>() == "env")!["Value"]!.GetValue<string>());

        var (_, activations) = await server.SsmAsync("DescribeActivations", new JsonObject
        {
            ["Filters"] = new JsonArray(new JsonObject { ["FilterKey"] = "ActivationIds", ["FilterValues"] = new JsonArray(activationId) }),
        });
        var activation = activations["ActivationList"]!.AsArray().Single()!;
        Assert.Equal(1, activation["RegistrationsCount"]!.GetValue<int>());
        Assert.Equal(2, activation["RegistrationLimit"]!.GetValue<int>());
        Assert.False(activation["Expired"]!.GetValue<bool>());
        Assert.Null(activation["ActivationCode"]);
    }

    [Fact]
    public async Task Deregistering_voids_the_nodes_credentials_at_once()
    {
        var (agent, credentials) = await server.RegisteredAgentAsync();
        using var _ = agent;
        Assert.Equal(HttpStatusCode.OK, (await server.CallerIdentityAsync(credentials)).Status);

        var (status, body) = await server.SsmAsync("DeregisterManagedInstance", new JsonObject { ["InstanceId"] = agent.InstanceId });
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());

        var (after, xml) = await server.CallerIdentityAsync(credentials);
        Assert.Equal(HttpStatusCode.Forbidden, after);
        Assert.Contains("InvalidClientTokenId", xml, StringComparison.Ordinal);
        var (renew, renewBody) = await agent.CredentialsRawAsync();
        Assert.Equal(HttpStatusCode.Forbidden, renew);
        Assert.Contains("NodeDeregistered", renewBody, StringComparison.Ordinal);
        Assert.Null(await Describe(agent.InstanceId));
        var (again, error) = await server.SsmAsync("DeregisterManagedInstance", new JsonObject { ["InstanceId"] = agent.InstanceId });
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Equal("InvalidInstanceId", error["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_activation_refuses_registrations_beyond_its_limit_and_wrong_codes()
    {
        var (id, code) = await server.CreateActivationAsync(limit: 1);
        using var first = server.NewAgent();
        using var second = server.NewAgent();
        var wrong = code[..^1] + (code[^1] == 'A' ? 'B' : 'A');
        var (status, body) = await first.RegisterRawAsync(id, wrong);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("InvalidActivation", body, StringComparison.Ordinal);
        (status, body) = await first.RegisterRawAsync(Guid.NewGuid().ToString(), code);
        Assert.Contains("InvalidActivation", body, StringComparison.Ordinal);

        await first.RegisterAsync(id, code);
        (status, body) = await second.RegisterRawAsync(id, code);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("RegistrationLimitExceeded", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_registrations_on_one_activation_all_count_and_stop_at_the_limit()
    {
        var (id, code) = await server.CreateActivationAsync(limit: 12);
        var agents = Enumerable.Range(0, 13).Select(_ => server.NewAgent()).ToList();
        try
        {
            var results = await Task.WhenAll(agents.Select(a => a.RegisterRawAsync(id, code)));
            Assert.Equal(12, results.Count(r => r.Status == HttpStatusCode.OK));
            var refused = Assert.Single(results, r => r.Status != HttpStatusCode.OK);
            Assert.Contains("RegistrationLimitExceeded", refused.Body, StringComparison.Ordinal);
            var (_, activations) = await server.SsmAsync("DescribeActivations", new JsonObject
            {
                ["Filters"] = new JsonArray(new JsonObject { ["FilterKey"] = "ActivationIds", ["FilterValues"] = new JsonArray(id) }),
            });
            Assert.Equal(12, activations["ActivationList"]![0]!["RegistrationsCount"]!.GetValue<int>());
        }
        finally
        {
            agents.ForEach(a => a.Dispose());
        }
    }

    [Fact]
    public async Task An_expired_activation_refuses_registration()
    {
        var (id, code) = await server.CreateActivationAsync(expiresInSeconds: 1.5);
        await Task.Delay(TimeSpan.FromSeconds(2));
        using var agent = server.NewAgent();
        var (status, body) = await agent.RegisterRawAsync(id, code);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("ActivationExpired", body, StringComparison.Ordinal);
        var (_, activations) = await server.SsmAsync("DescribeActivations", new JsonObject
        {
            ["Filters"] = new JsonArray(new JsonObject { ["FilterKey"] = "ActivationIds", ["FilterValues"] = new JsonArray(id) }),
        });
        Assert.True(activations["ActivationList"]![0]!["Expired"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(31 * 24 * 3600.0, "InvalidParameters")]
    [InlineData(-60.0, "InvalidParameters")]
    public async Task CreateActivation_checks_the_expiration_date(double seconds, string code)
    {
        var (status, body) = await server.SsmAsync("CreateActivation", new JsonObject
        {
            ["IamRole"] = NodesFixture.Role,
            ["ExpirationDate"] = DateTimeOffset.UtcNow.AddSeconds(seconds).ToUnixTimeSeconds(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, body["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateActivation_refuses_a_limit_above_1000_and_a_missing_role()
    {
        var (status, body) = await server.SsmAsync("CreateActivation", new JsonObject { ["IamRole"] = NodesFixture.Role, ["RegistrationLimit"] = 1001 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("1000", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        (status, body) = await server.SsmAsync("CreateActivation", new JsonObject { ["IamRole"] = "NoSuchRole" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidParameters", body["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Credentials_need_the_nodes_own_key_and_a_fresh_timestamp()
    {
        var (agent, _) = await server.RegisteredAgentAsync();
        using var _a = agent;
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (status, body) = await agent.CredentialsRawAsync(signer: other);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("InvalidSignature", body, StringComparison.Ordinal);
        (status, body) = await agent.CredentialsRawAsync(at: DateTimeOffset.UtcNow.AddMinutes(-10));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("InvalidSignature", body, StringComparison.Ordinal);
        (status, body) = await agent.CredentialsRawAsync(instanceId: "i-0123456789abcdef0");
        Assert.Contains("InvalidInstanceId", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_control_channel_takes_only_a_nodes_own_credentials()
    {
        var (a, credentialsA) = await server.RegisteredAgentAsync();
        var (b, credentialsB) = await server.RegisteredAgentAsync();
        using var _a = a;
        using var _b = b;
        var (socket, status) = await a.ConnectAsync(server.Admin);
        Assert.Null(socket);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        (socket, status) = await b.ConnectAsync(credentialsB, "instanceId=" + a.InstanceId);
        Assert.Null(socket);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        (socket, status) = await a.ConnectAsync(credentialsA with { SecretAccessKey = credentialsB.SecretAccessKey });
        Assert.Null(socket);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        (socket, status) = await a.ConnectAsync(credentialsA, "instanceId=" + a.InstanceId);
        Assert.NotNull(socket);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
    }

    [Fact]
    public async Task Hello_marks_the_node_online_with_its_inventory_and_a_closed_socket_marks_it_lost()
    {
        var (agent, credentials) = await server.RegisteredAgentAsync(name: "db");
        using var _ = agent;
        var (socket, _) = await agent.ConnectAsync(credentials);
        Assert.NotNull(socket);
        await agent.HelloAsync();
        await Eventually(async () => (await Describe(agent.InstanceId))?["AgentVersion"] is not null, "hello recorded");
        var info = (await Describe(agent.InstanceId))!;
        Assert.Equal("Online", info["PingStatus"]!.GetValue<string>());
        Assert.Equal("3.3.1000.0", info["AgentVersion"]!.GetValue<string>());
        Assert.Equal("192.0.2.10", info["IPAddress"]!.GetValue<string>());
        Assert.Equal("fake-host", info["ComputerName"]!.GetValue<string>());
        Assert.Equal("Linux", info["PlatformType"]!.GetValue<string>());
        Assert.Equal("Debian GNU/Linux", info["PlatformName"]!.GetValue<string>());
        Assert.Equal("13", info["PlatformVersion"]!.GetValue<string>());
        Assert.NotNull(info["LastPingDateTime"]);

        var (_, online) = await server.SsmAsync("DescribeInstanceInformation", new JsonObject
        {
            ["InstanceInformationFilterList"] = new JsonArray(new JsonObject { ["key"] = "PingStatus", ["valueSet"] = new JsonArray("Online") }),
        });
        Assert.Contains(online["InstanceInformationList"]!.AsArray(), i => i!["InstanceId"]!.GetValue<string>() == agent.InstanceId);

        await agent.SendAsync(new AgentControlMessage { Type = AgentMessageTypes.SessionEnded, SessionId = "s-1", ExitCode = 0 });
        await Eventually(() => Task.FromResult(server.Handler.Messages.Contains((agent.InstanceId, AgentMessageTypes.SessionEnded))), "session_ended dispatched");

        await socket!.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        await Eventually(async () => (await Describe(agent.InstanceId))!["PingStatus"]!.GetValue<string>() == "ConnectionLost", "ConnectionLost after close");
        await Eventually(() => Task.FromResult(server.Handler.Disconnected.Contains(agent.InstanceId)), "handlers told of the disconnect");
    }

    [Fact]
    public async Task Deregistering_a_connected_node_sends_deregistered_and_closes_its_socket()
    {
        var (agent, credentials) = await server.RegisteredAgentAsync();
        using var _ = agent;
        var (socket, _) = await agent.ConnectAsync(credentials);
        Assert.NotNull(socket);
        await agent.HelloAsync();
        await Eventually(async () => (await Describe(agent.InstanceId))?["AgentVersion"] is not null, "hello recorded");

        var (status, _) = await server.SsmAsync("DeregisterManagedInstance", new JsonObject { ["InstanceId"] = agent.InstanceId });
        Assert.Equal(HttpStatusCode.OK, status);
        var message = await agent.ReceiveAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(AgentMessageTypes.Deregistered, message!.Type);
        Assert.Null(await agent.ReceiveAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains(agent.InstanceId, server.Handler.Disconnected);
        var (again, _) = await agent.ConnectAsync(credentials);
        Assert.Null(again);
    }

    [Fact]
    public async Task Tags_on_a_node_can_be_added_listed_and_removed_and_feed_authorization()
    {
        var (agent, _) = await server.RegisteredAgentAsync();
        using var _a = agent;
        var (status, body) = await server.SsmAsync("AddTagsToResource", new JsonObject
        {
            ["ResourceType"] = "ManagedInstance",
            ["ResourceId"] = agent.InstanceId,
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "red" }, new JsonObject { ["Key"] = "tier", ["Value"] = "1" }),
        });
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        await server.SsmAsync("RemoveTagsFromResource", new JsonObject { ["ResourceType"] = "ManagedInstance", ["ResourceId"] = agent.InstanceId, ["TagKeys"] = new JsonArray("tier") });
        var (_, listed) = await server.SsmAsync("ListTagsForResource", new JsonObject { ["ResourceType"] = "ManagedInstance", ["ResourceId"] = agent.InstanceId });
        var keys = listed["TagList"]!.AsArray().Select(t => t!["Key"]!.GetValue<string>()).ToList();
        Assert.Equal(["team"], keys);

        var (_, tagged) = await server.SsmAsync("DescribeInstanceInformation", new JsonObject
        {
            ["Filters"] = new JsonArray(new JsonObject { ["Key"] = "tag:team", ["Values"] = new JsonArray("red") }),
        });
        Assert.Equal([agent.InstanceId], tagged["InstanceInformationList"]!.AsArray().Select(i => i!["InstanceId"]!.GetValue<string>()));

        var facts = await server.Services.GetRequiredService<Server.Nodes.NodeService>()
            .ResourceFactsAsync(NodesFixture.Account, $"arn:aws:ssm:us-east-1:{NodesFixture.Account}:managed-instance/{agent.InstanceId}", CancellationToken.None);
        Assert.Equal("red", facts.Tags!["team"]);

        (status, body) = await server.SsmAsync("ListTagsForResource", new JsonObject { ["ResourceType"] = "ManagedInstance", ["ResourceId"] = "mi-00000000000000000" });
        Assert.Equal("InvalidResourceId", body["__type"]!.GetValue<string>());
        (status, body) = await server.SsmAsync("ListTagsForResource", new JsonObject { ["ResourceType"] = "Parameter", ["ResourceId"] = "x" });
        Assert.Equal("InvalidResourceType", body["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task DescribeInstanceInformation_pages_and_rejects_unknown_filter_keys()
    {
        for (var i = 0; i < 6; i++) (await server.RegisteredAgentAsync()).Agent.Dispose();
        var seen = new List<string>();
        string? token = null;
        do
        {
            var input = new JsonObject { ["MaxResults"] = 5 };
            if (token is not null) input["NextToken"] = token;
            var (status, page) = await server.SsmAsync("DescribeInstanceInformation", input);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(page["InstanceInformationList"]!.AsArray().Count <= 5);
            seen.AddRange(page["InstanceInformationList"]!.AsArray().Select(n => n!["InstanceId"]!.GetValue<string>()));
            token = page["NextToken"]?.GetValue<string>();
        }
        while (token is not null);
        Assert.True(seen.Count >= 6);
        Assert.Equal(seen.Count, seen.Distinct().Count());

        var (bad, body) = await server.SsmAsync("DescribeInstanceInformation", new JsonObject
        {
            ["Filters"] = new JsonArray(new JsonObject { ["Key"] = "Color", ["Values"] = new JsonArray("blue") }),
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal("InvalidFilterKey", body["__type"]!.GetValue<string>());
        (bad, body) = await server.SsmAsync("DescribeInstanceInformation", new JsonObject { ["NextToken"] = "garbage!" });
        Assert.Equal("InvalidNextToken", body["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateActivation_needs_iam_PassRole_on_the_role()
    {
        var identity = server.Services.GetRequiredService<Server.Identity.IdentityService>();
        await identity.CreateUserAsync(NodesFixture.Account, "ops", null, null, null, CancellationToken.None);
        await identity.PutInlinePolicyAsync(NodesFixture.Account, Server.Identity.PolicyHolderKind.User, "ops", "ssm",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:*","Resource":"*"}]}""", CancellationToken.None);
        var key = await identity.CreateAccessKeyAsync(NodesFixture.Account, "ops");
        var ops = new SigV4Credentials(key.Key.AccessKeyId, key.SecretAccessKey);
        var (status, body) = await server.SsmAsync("CreateActivation", new JsonObject { ["IamRole"] = NodesFixture.Role }, ops);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("AccessDeniedException", body["__type"]!.GetValue<string>());
        Assert.Contains("iam:PassRole", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.Signing;
using Sekisho.Server.Hosting;
using Sekisho.Server.Identity;
using Sekisho.Server.Nodes;

namespace Sekisho.Server.Tests.Nodes;

/// <summary>
/// A real server for the nodes tests: the management account's admin, a role <c>SsmNodeRole</c> trusting SSM, and
/// a recording <see cref="IAgentMessageHandler"/> so the tests see what the gateway dispatches.
/// </summary>
public sealed class NodesFixture : IAsyncLifetime
{
    public const string Account = "111122223333";
    public const string Role = "SsmNodeRole";
    private readonly string _data = Directory.CreateTempSubdirectory("sekisho-nodes-").FullName;
    private WebApplication? _app;

    public Uri Endpoint { get; private set; } = null!;
    public SigV4Credentials Admin { get; private set; } = null!;
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };
    public RecordingHandler Handler { get; } = new();
    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var init = await ServerInitializer.InitAsync(_data, Account, "us-east-1", null, TimeProvider.System);
        Admin = new SigV4Credentials(init.AccessKeyId, init.SecretAccessKey);
        (_app, Endpoint) = await LoopbackServer.StartAsync(_data, configure: services => services.AddSingleton<IAgentMessageHandler>(Handler));
        await _app.Services.GetRequiredService<IdentityService>().CreateRoleAsync(Account, Role, null,
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole"}]}""",
            null, null, null, null);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await LoopbackServer.StopAsync(_app, _data);
    }

    public FakeAgent NewAgent() => new(Endpoint, Http);

    /// <summary>An SSM JSON 1.1 call; returns the status and the parsed body.</summary>
    public async Task<(HttpStatusCode Status, JsonObject Body)> SsmAsync(string operation, JsonObject input, SigV4Credentials? credentials = null)
    {
        var body = Encoding.UTF8.GetBytes(input.ToJsonString());
        var (status, text) = await SendAsync("ssm", body, "application/x-amz-json-1.1", "AmazonSSM." + operation, credentials ?? Admin);
        if (text.Length == 0) return (status, new JsonObject { ["__type"] = $"(empty body, HTTP {(int)status})" });
        return (status, JsonNode.Parse(text) as JsonObject ?? []);
    }

    /// <summary>sts:GetCallerIdentity (query); returns the status and the raw XML.</summary>
    public Task<(HttpStatusCode Status, string Body)> CallerIdentityAsync(SigV4Credentials credentials) =>
        SendAsync("sts", Encoding.UTF8.GetBytes("Action=GetCallerIdentity&Version=2011-06-15"), "application/x-www-form-urlencoded; charset=utf-8", null, credentials);

    public async Task<(string Id, string Code)> CreateActivationAsync(int limit = 1, string? name = null, JsonArray? tags = null, double? expiresInSeconds = null)
    {
        var input = new JsonObject { ["IamRole"] = Role, ["RegistrationLimit"] = limit };
        if (name is not null) input["DefaultInstanceName"] = name;
        if (tags is not null) input["Tags"] = tags;
        if (expiresInSeconds is { } s) input["ExpirationDate"] = DateTimeOffset.UtcNow.AddSeconds(s).ToUnixTimeMilliseconds() / 1000.0;
        var (status, body) = await SsmAsync("CreateActivation", input);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        return (body["ActivationId"]!.GetValue<string>(), body["ActivationCode"]!.GetValue<string>());
    }

    /// <summary>A registered agent with credentials.</summary>
    public async Task<(FakeAgent Agent, SigV4Credentials Credentials)> RegisteredAgentAsync(string? name = null, JsonArray? tags = null)
    {
        var (id, code) = await CreateActivationAsync(1, name, tags);
        var agent = NewAgent();
        await agent.RegisterAsync(id, code);
        return (agent, await agent.CredentialsAsync());
    }

    private async Task<(HttpStatusCode, string)> SendAsync(string service, byte[] body, string contentType, string? target, SigV4Credentials credentials)
    {
        var host = $"{Endpoint.Host}:{Endpoint.Port}";
        var headers = new List<KeyValuePair<string, string>> { new("Content-Type", contentType), new("Host", host) };
        if (target is not null) headers.Add(new("X-Amz-Target", target));
        using var message = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (target is not null) message.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        var signed = SigV4Signer.SignHeaders(new SigV4HttpRequest("POST", "/", "", headers, body), credentials, "us-east-1", service, DateTimeOffset.UtcNow);
        foreach (var (name, value) in signed.AddedHeaders) message.Headers.TryAddWithoutValidation(name, value);
        using var response = await Http.SendAsync(message);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Records what the gateway hands to message handlers.</summary>
    public sealed class RecordingHandler : IAgentMessageHandler
    {
        public ConcurrentQueue<(string InstanceId, string Type)> Messages { get; } = new();
        public ConcurrentQueue<string> Disconnected { get; } = new();

        public ValueTask OnAgentMessageAsync(string instanceId, AgentControlMessage message, CancellationToken cancellationToken)
        {
            Messages.Enqueue((instanceId, message.Type));
            return ValueTask.CompletedTask;
        }

        public ValueTask OnAgentDisconnectedAsync(string instanceId, CancellationToken cancellationToken)
        {
            Disconnected.Enqueue(instanceId);
            return ValueTask.CompletedTask;
        }
    }
}

using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sekisho.Protocol.Signing;
using Sekisho.Server.Credentials;
using Sekisho.Server.Documents;
using Sekisho.Server.Hosting;
using Sekisho.Server.Identity;
using Sekisho.Server.Organization;
using Sekisho.Server.Sessions;
using Sekisho.Server.Storage;
using Sekisho.TestSupport;

namespace Sekisho.Server.Tests.Sessions;

/// <summary>
/// A real server on loopback whose clock the tests move, with fake nodes behind <see cref="ISessionTargets"/>:
/// account 111122223333 (Run As off): the admin, and the scenario 2 roles <c>project1</c> (tags Project = Test
/// Project 1, SSMSessionRunAs = os-user1, the scenario's permissions) and <c>project1-nodoc</c> (the same without
/// the document statement, but requiring the document check), <c>starter</c> (StartSession only, no DescribeSessions); account 444455556666 (Run As on, default user
/// os-default): <c>tagged</c> (SSMSessionRunAs = os-tagged) and <c>untagged</c>, both administrators.
/// </summary>
public sealed class SessionsFixture : IAsyncLifetime
{
    public const string Account = "111122223333";
    public const string RunAsAccount = "444455556666";
    public const string Node1 = "mi-0123456789abcdef1";
    public const string Node2 = "mi-0123456789abcdef2";
    public const string OfflineNode = "mi-0123456789abcdef3";
    public const string RunAsNode = "mi-0123456789abcdef4";
    public const string Region = "us-east-1";

    public const string Project1Policy = """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ssm:*:*:document/*"},
          {"Effect":"Allow","Action":["ssm:StartSession","ssm:GetConnectionStatus"],"Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/Project":"${aws:PrincipalTag/Project}"}}},
          {"Effect":"Allow","Action":["ssm:ResumeSession","ssm:TerminateSession"],"Resource":"arn:aws:ssm:*:*:session/${aws:username}-*"},
          {"Effect":"Allow","Action":["ssm:DescribeInstanceInformation","ssm:DescribeSessions"],"Resource":"*"}]}
        """;

    // Without the document statement; the node statement demands the document check (ssm:SessionDocumentAccessCheck).
    public const string Project1NoDocumentPolicy = """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"ssm:StartSession","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/Project":"${aws:PrincipalTag/Project}"},"BoolIfExists":{"ssm:SessionDocumentAccessCheck":"true"}}},
          {"Effect":"Allow","Action":"ssm:DescribeSessions","Resource":"*"}]}
        """;

    // May start sessions, but not describe them (nor so read their recordings).
    public const string StarterPolicy = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:StartSession","Resource":"*"}]}
        """;

    private readonly string _data = Directory.CreateTempSubdirectory("sekisho-sessions-").FullName;
    private WebApplication? _app;

    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);
    public FakeNodes Nodes { get; } = new();
    public Uri Endpoint { get; private set; } = null!;
    public SigV4Credentials Admin { get; private set; } = null!;
    public SigV4Credentials Tagged { get; private set; } = null!;
    public SigV4Credentials Untagged { get; private set; } = null!;
    public HttpClient Http { get; } = new();
    public string DataDirectory => _data;

    public T Get<T>() where T : notnull => _app!.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        var init = await ServerInitializer.InitAsync(_data, Account, Region, null, Clock);
        Admin = new SigV4Credentials(init.AccessKeyId, init.SecretAccessKey);
        await using (var store = await DataFolder.OpenStoreAsync(_data, null, Clock))
        {
            var org = new OrganizationService(store, Clock);
            await org.CreateAccountAsync("runas", RunAsAccount, null);
            var identity = new IdentityService(store, new MasterKeySecretProtector(MasterKey.Load(_data)), new AspNetPasswordHasher(), Clock);
            var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{Account}}:user/admin"},"Action":["sts:AssumeRole","sts:TagSession"]}]}""";
            Tag[] projectTags = [new("Project", "Test Project 1"), new("SSMSessionRunAs", "os-user1")];
            await identity.CreateRoleAsync(Account, "project1", null, trust, null, null, projectTags, null);
            await identity.PutInlinePolicyAsync(Account, PolicyHolderKind.Role, "project1", "sessions", Project1Policy);
            await identity.CreateRoleAsync(Account, "project1-nodoc", null, trust, null, null, projectTags, null);
            await identity.PutInlinePolicyAsync(Account, PolicyHolderKind.Role, "project1-nodoc", "sessions", Project1NoDocumentPolicy);

            await identity.CreateRoleAsync(Account, "starter", null, trust, null, null, [], null);
            await identity.PutInlinePolicyAsync(Account, PolicyHolderKind.Role, "starter", "sessions", StarterPolicy);

            var bootstrap = new IdentityAdministratorBootstrap(identity);
            await bootstrap.CreateAdministratorAsync(RunAsAccount, "tagged", default);
            await identity.TagUserAsync(RunAsAccount, "tagged", [new Tag("SSMSessionRunAs", "os-tagged")]);
            var tagged = await identity.CreateAccessKeyAsync(RunAsAccount, "tagged");
            Tagged = new SigV4Credentials(tagged.Key.AccessKeyId, tagged.SecretAccessKey);
            await bootstrap.CreateAdministratorAsync(RunAsAccount, "untagged", default);
            var untagged = await identity.CreateAccessKeyAsync(RunAsAccount, "untagged");
            Untagged = new SigV4Credentials(untagged.Key.AccessKeyId, untagged.SecretAccessKey);
            await SetPreferencesAsync(store, RunAsAccount, """{"runAsEnabled": true, "runAsDefaultUser": "os-default", "idleSessionTimeout": "20", "recordingRetentionDays": "30"}""");
        }
        Nodes.Add(Account, Node1, online: true, new Tag("Project", "Test Project 1"));
        Nodes.Add(Account, Node2, online: true, new Tag("Project", "Test Project 2"));
        Nodes.Add(Account, OfflineNode, online: false, new Tag("Project", "Test Project 1"));
        Nodes.Add(RunAsAccount, RunAsNode, online: true);
        (_app, Endpoint) = await LoopbackServer.StartAsync(_data, Clock, services => services.AddSingleton<ISessionTargets>(Nodes));
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await LoopbackServer.StopAsync(_app, _data);
    }

    /// <summary>Writes an account's SSM-SessionManagerRunShell with <paramref name="inputs"/> (the documents API is ssm-nodes' and not needed here).</summary>
    private static async Task SetPreferencesAsync(IStore store, string account, string inputs)
    {
        var content = $$"""{"schemaVersion":"1.0","description":"test preferences","sessionType":"Standard_Stream","inputs":{{inputs}}}""";
        var now = DateTimeOffset.UtcNow;
        var json = new JsonSerializerOptions(JsonSerializerDefaults.General);
        await store.PutAsync(DocumentService.HeaderKey(account, StandardDocuments.RunShell),
            JsonSerializer.SerializeToUtf8Bytes(new DocumentHeaderRecord(StandardDocuments.RunShell, 1, 1, now, []), json));
        await store.PutAsync(DocumentService.VersionKey(account, StandardDocuments.RunShell, 1),
            JsonSerializer.SerializeToUtf8Bytes(new DocumentVersionRecord(1, content, now), json));
    }

    /// <summary>An SSM JSON 1.1 call signed at the fixture clock's time; the status and the parsed body.</summary>
    public async Task<(int Status, JsonNode Body)> SsmAsync(string operation, object body, SigV4Credentials credentials)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        using var response = await SendAsync("ssm", bytes, "application/x-amz-json-1.1", "AmazonSSM." + operation, credentials);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!);
    }

    /// <summary>As <see cref="SsmAsync"/>, with the request id the answer carries (to find the call in the audit log).</summary>
    public async Task<(int Status, JsonNode Body, string RequestId)> SsmWithRequestIdAsync(string operation, object body, SigV4Credentials credentials)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        using var response = await SendAsync("ssm", bytes, "application/x-amz-json-1.1", "AmazonSSM." + operation, credentials);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!, response.Headers.GetValues("x-amzn-RequestId").Single());
    }

    /// <summary>The audit events with these request ids (waiting for the background writer), keyed by request id.</summary>
    public async Task<Dictionary<string, JsonNode>> AuditEventsAsync(params string[] requestIds)
    {
        var found = new Dictionary<string, JsonNode>();
        var store = Get<IStore>();
        for (var attempt = 0; attempt < 100 && found.Count < requestIds.Length; attempt++)
        {
            foreach (var record in await store.ReadAuditAsync(1, 100_000))
                foreach (var line in Encoding.UTF8.GetString(record.Data.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var e = JsonNode.Parse(line)!;
                    if (requestIds.Contains(e["requestId"]!.GetValue<string>())) found[e["requestId"]!.GetValue<string>()] = e;
                }
            if (found.Count < requestIds.Length) await Task.Delay(50);
        }
        return found;
    }

    /// <summary>STS AssumeRole as the admin; the role session's credentials.</summary>
    public async Task<SigV4Credentials> AssumeRoleAsync(string role, string sessionName, params (string Key, string Value)[] sessionTags)
    {
        var body = new StringBuilder($"Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A{Account}%3Arole%2F{role}&RoleSessionName={sessionName}");
        for (var i = 0; i < sessionTags.Length; i++)
            body.Append($"&Tags.member.{i + 1}.Key={Uri.EscapeDataString(sessionTags[i].Key)}&Tags.member.{i + 1}.Value={Uri.EscapeDataString(sessionTags[i].Value)}");
        using var response = await SendAsync("sts", Encoding.UTF8.GetBytes(body.ToString()), "application/x-www-form-urlencoded; charset=utf-8", null, Admin);
        var xml = XElement.Parse(await response.Content.ReadAsStringAsync());
        var credentials = xml.Descendants().First(e => e.Name.LocalName == "Credentials");
        string Value(string name) => credentials.Elements().First(e => e.Name.LocalName == name).Value;
        return new SigV4Credentials(Value("AccessKeyId"), Value("SecretAccessKey"), Value("SessionToken"));
    }

    /// <summary>The request id of the last <see cref="GetAsync"/> answer.</summary>
    public string? LastRecordingRequestId { get; private set; }

    /// <summary>A SigV4-signed GET (service ssm) of <paramref name="url"/>, or unsigned when <paramref name="credentials"/> is null.</summary>
    public async Task<(int Status, string ContentType, string Body)> GetAsync(Uri url, SigV4Credentials? credentials)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        if (credentials is not null)
        {
            var host = $"{url.Host}:{url.Port}";
            var signed = SigV4Signer.SignHeaders(new SigV4HttpRequest("GET", url.AbsolutePath, "", [new("Host", host)], ReadOnlyMemory<byte>.Empty),
                credentials, Region, "ssm", Clock.GetUtcNow());
            foreach (var (name, value) in signed.AddedHeaders) message.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await Http.SendAsync(message);
        LastRecordingRequestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.Single() : null;
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "", await response.Content.ReadAsStringAsync());
    }

    public Uri WebSocketUri(string streamUrl) => new(streamUrl);

    public Uri AgentDataUri(string dataUrl) => new($"ws://{Endpoint.Host}:{Endpoint.Port}{dataUrl}");

    private async Task<HttpResponseMessage> SendAsync(string service, byte[] body, string contentType, string? target, SigV4Credentials credentials)
    {
        var host = $"{Endpoint.Host}:{Endpoint.Port}";
        var headers = new List<KeyValuePair<string, string>> { new("Content-Type", contentType), new("Host", host) };
        if (target is not null) headers.Add(new("X-Amz-Target", target));
        using var message = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (target is not null) message.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        var signed = SigV4Signer.SignHeaders(new SigV4HttpRequest("POST", "/", "", headers, body), credentials, Region, service, Clock.GetUtcNow());
        foreach (var (name, value) in signed.AddedHeaders) message.Headers.TryAddWithoutValidation(name, value);
        return await Http.SendAsync(message);
    }
}

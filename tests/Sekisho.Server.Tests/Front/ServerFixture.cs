using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sekisho.Protocol.Signing;
using Sekisho.Server.Api;
using Sekisho.Server.Authorization;
using Sekisho.Server.Credentials;
using Sekisho.Server.Hosting;
using Sekisho.Server.Identity;
using Sekisho.Server.Organization;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Tests.Front;

/// <summary>
/// A real server on a loopback port over a fresh data folder: the management account's admin, and "bob" (also
/// AdministratorAccess) in member account 444455556666 under OU "prod", whose SCP denies iam:* .
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string ManagementAccount = "111122223333";
    public const string MemberAccount = "444455556666";
    private readonly string _data = Directory.CreateTempSubdirectory("sekisho-front-").FullName;
    private WebApplication? _app;

    public Uri Endpoint { get; private set; } = null!;
    public SigV4Credentials Admin { get; private set; } = null!;
    public SigV4Credentials Bob { get; private set; } = null!;
    public HttpClient Http { get; } = new();
    public IServiceProvider Services => _app!.Services;
    public string DataDirectory => _data;

    public async Task InitializeAsync()
    {
        var time = TimeProvider.System;
        var init = await ServerInitializer.InitAsync(_data, ManagementAccount, "us-east-1", null, time);
        Admin = new SigV4Credentials(init.AccessKeyId, init.SecretAccessKey);
        await using (var store = await DataFolder.OpenStoreAsync(_data, null, time))
        {
            var org = new OrganizationService(store, time);
            await org.CreateOrganizationalUnitAsync("prod", null);
            await org.CreateAccountAsync("member", MemberAccount, "prod");
            await org.PutPolicyAsync("NoIam", """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}""");
            await org.AttachPolicyAsync("NoIam", "prod");
            var identity = new IdentityService(store, new MasterKeySecretProtector(MasterKey.Load(_data)), new AspNetPasswordHasher(), time);
            var (name, _) = await new IdentityAdministratorBootstrap(identity).CreateAdministratorAsync(MemberAccount, "bob", default);
            var created = await identity.CreateAccessKeyAsync(MemberAccount, name);
            Bob = new SigV4Credentials(created.Key.AccessKeyId, created.SecretAccessKey);
        }
        (_app, Endpoint) = await LoopbackServer.StartAsync(_data);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await LoopbackServer.StopAsync(_app, _data);
    }

    /// <summary>Sends a query-protocol request (IAM/STS) signed as the AWS CLI signs it.</summary>
    public Task<HttpResponseMessage> QueryAsync(string service, string body, SigV4Credentials? credentials, DateTimeOffset? at = null) =>
        SendAsync(service, Encoding.UTF8.GetBytes(body), "application/x-www-form-urlencoded; charset=utf-8", null, credentials, at);

    /// <summary>Sends a JSON 1.1 request (SSM) with X-Amz-Target.</summary>
    public Task<HttpResponseMessage> JsonAsync(string target, string body, SigV4Credentials? credentials) =>
        SendAsync("ssm", Encoding.UTF8.GetBytes(body), "application/x-amz-json-1.1", target, credentials, null);

    public async Task<HttpResponseMessage> SendAsync(string service, byte[] body, string contentType, string? target,
        SigV4Credentials? credentials, DateTimeOffset? at, Func<string, string>? tamperAuthorization = null)
    {
        var host = $"{Endpoint.Host}:{Endpoint.Port}";
        var headers = new List<KeyValuePair<string, string>> { new("Content-Type", contentType), new("Host", host) };
        if (target is not null) headers.Add(new("X-Amz-Target", target));
        using var message = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (target is not null) message.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        if (credentials is not null)
        {
            var signed = SigV4Signer.SignHeaders(new SigV4HttpRequest("POST", "/", "", headers, body), credentials, "us-east-1", service,
                at ?? DateTimeOffset.UtcNow);
            foreach (var (name, value) in signed.AddedHeaders)
                message.Headers.TryAddWithoutValidation(name, name == "Authorization" && tamperAuthorization is not null ? tamperAuthorization(value) : value);
        }
        return await Http.SendAsync(message);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public IStore Store => Get<IStore>();
}

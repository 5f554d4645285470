using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sekisho.Protocol.Signing;

namespace Sekisho.Cli.Tests.Aws;

/// <summary>
/// An AWS endpoint on loopback Kestrel (HTTP, or HTTPS with a given certificate) that checks each request's SigV4
/// signature against the secrets it knows and hands the verified request to the test.
/// </summary>
internal sealed class FakeAwsEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    public FakeAwsEndpoint(IReadOnlyDictionary<string, string> secrets, Func<Request, Response> handle, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null) listen.UseHttps(certificate);
        }));
        _app = builder.Build();
        _app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var (name, values) in context.Request.Headers)
            {
                foreach (var value in values) headers.Add(new(name, value ?? ""));
            }
            var signed = new SigV4HttpRequest(context.Request.Method, context.Request.Path.Value ?? "/",
                (context.Request.QueryString.Value ?? "").TrimStart('?'), headers, body.ToArray());
            var parsed = SigV4Parser.Parse(signed);
            string? failure = parsed.Error?.Message;
            if (parsed.Authorization is { } auth)
            {
                failure = !secrets.TryGetValue(auth.AccessKeyId, out var secret)
                    ? "unknown key " + auth.AccessKeyId
                    : new SigV4Verifier(TimeProvider.System).Verify(signed, auth, secret)?.Message;
            }
            var request = new Request(signed, parsed.Authorization, failure, context.Connection.Id);
            Requests.Add(request);
            var response = handle(request);
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            await context.Response.WriteAsync(response.Body);
        });
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = address;
    }

    public string Url { get; }

    public List<Request> Requests { get; } = [];

    /// <param name="ConnectionId">Kestrel's id of the connection the request came on (to see connection reuse).</param>
    public sealed record Request(SigV4HttpRequest Http, SigV4Authorization? Authorization, string? SignatureFailure, string ConnectionId)
    {
        public string Body => System.Text.Encoding.UTF8.GetString(Http.Body.Span);
    }

    public sealed record Response(int Status, string Body, string ContentType = "application/x-amz-json-1.1");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

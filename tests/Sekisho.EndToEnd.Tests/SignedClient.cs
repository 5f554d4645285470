using System.Text;
using Sekisho.Protocol.Signing;

namespace Sekisho.EndToEnd.Tests;

/// <summary>Raw SigV4-signed query-protocol POSTs, for inputs no SDK would send (mutated bodies, unknown actions).</summary>
public sealed class SignedClient(ServerProcess server)
{
    public async Task<(int Status, string Body)> PostAsync(string service, string form, SigV4Credentials credentials, DateTimeOffset? at = null,
        string region = "us-east-1")
    {
        var body = Encoding.UTF8.GetBytes(form);
        var host = server.Endpoint.Authority;
        var request = new SigV4HttpRequest("POST", "/", "",
            [new("Host", host), new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body);
        var signed = SigV4Signer.SignHeaders(request, credentials, region, service, at ?? DateTimeOffset.UtcNow);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Endpoint, "/"));
        message.Content = new ByteArrayContent(body);
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        foreach (var (k, v) in signed.AddedHeaders) message.Headers.TryAddWithoutValidation(k, v);
        using var response = await server.Http.SendAsync(message);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A signed JSON 1.1 POST (the SSM protocol) with the given X-Amz-Target and raw body.</summary>
    public async Task<(int Status, string Body)> PostJsonAsync(string service, string target, string json, SigV4Credentials credentials)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var request = new SigV4HttpRequest("POST", "/", "",
            [new("Host", server.Endpoint.Authority), new("Content-Type", "application/x-amz-json-1.1"), new("X-Amz-Target", target)], body);
        var signed = SigV4Signer.SignHeaders(request, credentials, "us-east-1", service, DateTimeOffset.UtcNow);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Endpoint, "/"));
        message.Content = new ByteArrayContent(body);
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
        message.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        foreach (var (k, v) in signed.AddedHeaders) message.Headers.TryAddWithoutValidation(k, v);
        using var response = await server.Http.SendAsync(message);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public SigV4Credentials Admin => new(server.AdminKeyId, server.AdminSecret);
}

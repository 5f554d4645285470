using System.Globalization;
using System.Net.Http.Headers;
using Sekisho.Protocol.Signing;

namespace Sekisho.Cli.Aws;

/// <summary>Builds and sends one SigV4-signed request to an AWS endpoint: POST for the JSON 1.1 and query protocols, GET for a recording.</summary>
public static class AwsSignedRequest
{
    public static async Task<HttpResponseMessage> PostAsync(AwsClientContext context, Uri endpoint, string service, byte[] body,
        string contentType, IReadOnlyList<KeyValuePair<string, string>> extraHeaders, AwsCredentials credentials,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(extraHeaders);
        ArgumentNullException.ThrowIfNull(credentials);
        var host = endpoint.IsDefaultPort ? endpoint.Host : string.Create(CultureInfo.InvariantCulture, $"{endpoint.Host}:{endpoint.Port}");
        var headers = new List<KeyValuePair<string, string>> { new("Host", host), new("Content-Type", contentType) };
        headers.AddRange(extraHeaders);
        var path = endpoint.AbsolutePath.Length == 0 ? "/" : endpoint.AbsolutePath;
        var signed = SigV4Signer.SignHeaders(new SigV4HttpRequest("POST", path, "", headers, body), credentials.Credentials,
            context.Region, service, context.Time.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Headers.Host = host;
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in extraHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        foreach (var (name, value) in signed.AddedHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        StartupTrace.Mark("request signed");
        await context.WhenPreconnectedAsync().ConfigureAwait(false);
        try
        {
            return await context.Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"Could not connect to the endpoint URL: \"{endpoint}\" ({Describe(e)})", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"Read timeout on endpoint URL: \"{endpoint}\"", e);
        }
    }

    /// <summary>One SigV4-signed GET of <paramref name="url"/> (no body), e.g. a session recording.</summary>
    public static async Task<HttpResponseMessage> GetAsync(AwsClientContext context, Uri url, string service, AwsCredentials credentials,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(credentials);
        var host = url.IsDefaultPort ? url.Host : string.Create(CultureInfo.InvariantCulture, $"{url.Host}:{url.Port}");
        var signed = SigV4Signer.SignHeaders(new SigV4HttpRequest("GET", url.AbsolutePath, url.Query.TrimStart('?'), [new("Host", host)], ReadOnlyMemory<byte>.Empty),
            credentials.Credentials, context.Region, service, context.Time.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Host = host;
        foreach (var (name, value) in signed.AddedHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        try
        {
            return await context.Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"Could not connect to the endpoint URL: \"{url}\" ({Describe(e)})", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"Read timeout on endpoint URL: \"{url}\"", e);
        }
    }

    private static string Describe(HttpRequestException e) =>
        e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
}

using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sekisho.Protocol.AgentChannel;

namespace Sekisho.Agent.Connection;

/// <summary>The agent's two JSON calls: <c>POST /agent/v1/register</c> and <c>POST /agent/v1/credentials</c>.</summary>
public sealed class AgentServerClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _server;

    public AgentServerClient(Uri server, ServerTrust trust)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(trust);
        _server = server;
        _http = new HttpClient(trust.CreateHandler()) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public Task<AgentRegistrationResponse> RegisterAsync(AgentRegistrationRequest request, CancellationToken cancellationToken) =>
        PostAsync(AgentEndpoints.Register, request, AgentChannelJsonContext.Default.AgentRegistrationRequest,
            AgentChannelJsonContext.Default.AgentRegistrationResponse, cancellationToken);

    /// <summary>Proves possession of the node key and gets fresh credentials of the activation's role.</summary>
    public Task<AgentCredentialsResponse> GetCredentialsAsync(string instanceId, ECDsa key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var signature = key.SignData(Encoding.UTF8.GetBytes(AgentCredentialProof.StringToSign(instanceId, timestamp)),
            HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return PostAsync(AgentEndpoints.Credentials, new AgentCredentialsRequest(instanceId, timestamp, Convert.ToBase64String(signature)),
            AgentChannelJsonContext.Default.AgentCredentialsRequest, AgentChannelJsonContext.Default.AgentCredentialsResponse, cancellationToken);
    }

    private async Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest request, JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var uri = new Uri(_server, path);
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, requestType));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(uri, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
        {
            throw new AgentException($"the TLS certificate of {_server} is not trusted: {e.InnerException.Message} (pass --fingerprint with the SHA-256 that 'sekisho server' printed)", e);
        }
        catch (HttpRequestException e)
        {
            var why = e.InnerException is SocketException s ? s.Message : e.Message;
            throw new AgentException($"cannot reach the Sekisho server at {_server}: {why}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AgentException($"the Sekisho server at {_server} did not answer {path} within {_http.Timeout.TotalSeconds:0} s", e);
        }
        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    return JsonSerializer.Deserialize(body, responseType)
                           ?? throw new AgentException($"{uri} answered an empty body");
                }
                catch (JsonException e)
                {
                    throw new AgentException($"{uri} answered something that is not a Sekisho agent response ({e.Message}): is {_server} a Sekisho server?", e);
                }
            }
            AgentErrorResponse? error = null;
            try
            {
                error = JsonSerializer.Deserialize(body, AgentChannelJsonContext.Default.AgentErrorResponse);
            }
            catch (JsonException)
            {
                // Not the contract's error body (a proxy's page, an old server): report the status alone.
            }
            if (error is { Code: { } code })
            {
                throw new AgentException($"{code}: {error.Message}", code);
            }
            throw new AgentException($"{uri} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}: is {_server} a Sekisho server?");
        }
    }

    public void Dispose() => _http.Dispose();
}

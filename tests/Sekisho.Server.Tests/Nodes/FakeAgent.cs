using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.Signing;

namespace Sekisho.Server.Tests.Nodes;

/// <summary>
/// A test stand-in for <c>sekisho agent</c>, doing the HTTP and WebSocket side of the agent contract
/// (Protocol/AgentChannel/README.md): register with an activation, prove possession of its key for credentials,
/// and open the SigV4-signed control WebSocket.
/// </summary>
public sealed class FakeAgent(Uri endpoint, HttpClient http) : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string InstanceId { get; private set; } = "";

    public string Region { get; private set; } = "us-east-1";

    public string PublicKey => Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo());

    public ClientWebSocket? Control { get; private set; }

    public async Task<(HttpStatusCode Status, string Body)> RegisterRawAsync(string activationId, string code)
    {
        using var response = await http.PostAsJsonAsync(new Uri(endpoint, AgentEndpoints.Register),
            new AgentRegistrationRequest(activationId, code, PublicKey, "fake-host", "Debian GNU/Linux", "13"), AgentChannelJsonContext.Default.AgentRegistrationRequest);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<AgentRegistrationResponse> RegisterAsync(string activationId, string code)
    {
        var (status, body) = await RegisterRawAsync(activationId, code);
        if (status != HttpStatusCode.OK) throw new InvalidOperationException($"register answered {(int)status}: {body}");
        var answer = JsonSerializer.Deserialize(body, AgentChannelJsonContext.Default.AgentRegistrationResponse)!;
        InstanceId = answer.InstanceId;
        Region = answer.Region;
        return answer;
    }

    /// <summary>Asks for credentials, signing with <paramref name="signer"/> (default: this agent's key) for <paramref name="instanceId"/> (default: its own).</summary>
    public async Task<(HttpStatusCode Status, string Body)> CredentialsRawAsync(string? instanceId = null, ECDsa? signer = null, DateTimeOffset? at = null)
    {
        var id = instanceId ?? InstanceId;
        var timestamp = (at ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String((signer ?? _key).SignData(Encoding.UTF8.GetBytes(AgentCredentialProof.StringToSign(id, timestamp)),
            HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        using var response = await http.PostAsJsonAsync(new Uri(endpoint, AgentEndpoints.Credentials),
            new AgentCredentialsRequest(id, timestamp, signature), AgentChannelJsonContext.Default.AgentCredentialsRequest);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<SigV4Credentials> CredentialsAsync()
    {
        var (status, body) = await CredentialsRawAsync();
        if (status != HttpStatusCode.OK) throw new InvalidOperationException($"credentials answered {(int)status}: {body}");
        var answer = JsonSerializer.Deserialize(body, AgentChannelJsonContext.Default.AgentCredentialsResponse)!;
        return new SigV4Credentials(answer.AccessKeyId, answer.SecretAccessKey, answer.SessionToken);
    }

    /// <summary>Opens the control WebSocket signed with <paramref name="credentials"/>; returns the socket, or the HTTP status of a refused upgrade.</summary>
    public async Task<(ClientWebSocket? Socket, HttpStatusCode Status)> ConnectAsync(SigV4Credentials credentials, string query = "")
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        var host = $"{endpoint.Host}:{endpoint.Port}";
        var request = new SigV4HttpRequest("GET", AgentEndpoints.Control, query, [new("Host", host)], ReadOnlyMemory<byte>.Empty);
        foreach (var (name, value) in SigV4Signer.SignHeaders(request, credentials, Region, "ssm", DateTimeOffset.UtcNow).AddedHeaders)
            socket.Options.SetRequestHeader(name, value);
        var scheme = endpoint.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        try
        {
            await socket.ConnectAsync(new Uri($"{scheme}://{host}{AgentEndpoints.Control}{(query.Length > 0 ? "?" + query : "")}"), CancellationToken.None);
        }
        catch (WebSocketException)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            return (null, status);
        }
        Control = socket;
        return (socket, HttpStatusCode.SwitchingProtocols);
    }

    public Task SendAsync(AgentControlMessage message) =>
        Control!.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message, AgentChannelJsonContext.Default.AgentControlMessage),
            WebSocketMessageType.Text, true, CancellationToken.None);

    public Task HelloAsync() => SendAsync(new AgentControlMessage
    {
        Type = AgentMessageTypes.Hello,
        AgentVersion = "3.3.1000.0",
        PlatformName = "Debian GNU/Linux",
        PlatformType = "Linux",
        PlatformVersion = "13",
        ComputerName = "fake-host",
        IpAddress = "192.0.2.10",
    });

    /// <summary>The next control message, or null when the server closed the socket; fails after <paramref name="timeout"/>.</summary>
    public async Task<AgentControlMessage?> ReceiveAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var result = await Control!.ReceiveAsync(buffer.AsMemory(length), cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            length += result.Count;
            if (result.EndOfMessage) break;
        }
        return JsonSerializer.Deserialize(buffer.AsSpan(0, length), AgentChannelJsonContext.Default.AgentControlMessage);
    }

    public void Dispose()
    {
        Control?.Dispose();
        _key.Dispose();
    }
}

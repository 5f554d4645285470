using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.DataChannel;
using Sekisho.Protocol.Signing;

namespace Sekisho.Agent.Tests.Support;

/// <summary>
/// A Kestrel server on loopback that speaks the agent contract: registration, credentials (the proof checked with
/// the registered key), the control WebSocket (SigV4 upgrade verified with the issued secret) and data WebSockets
/// whose far end is a <see cref="TestDataClient"/> per session.
/// </summary>
internal sealed class FakeServer : IAsyncDisposable
{
    public const string ActivationId = "11111111-2222-3333-4444-555555555555";
    public const string ActivationCode = "fake-activation-code-0123456789";
    public const string InstanceId = "mi-0123456789abcdef0";
    public const string Account = "123456789012";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _secrets = new();
    private readonly ConcurrentDictionary<string, DataSession> _data = new();
    private WebSocket? _control;
    private int _credentialsIssued;

    private FakeServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public string? PublicKey { get; private set; }

    public bool Deregistered { get; set; }

    public int ControlConnections { get; private set; }

    public int CredentialsIssued => Volatile.Read(ref _credentialsIssued);

    public Channel<AgentControlMessage> FromAgent { get; } = Channel.CreateUnbounded<AgentControlMessage>();

    public static async Task<FakeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeServer(app);
        app.UseWebSockets();
        app.MapPost(AgentEndpoints.Register, server.RegisterAsync);
        app.MapPost(AgentEndpoints.Credentials, server.CredentialsAsync);
        app.Map(AgentEndpoints.Control, server.ControlAsync);
        app.Map("/agent/v1/data/{id}", server.DataAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address + "/");
        return server;
    }

    /// <summary>Prepares the client end of a session; <c>start_session</c> must then name <c>/agent/v1/data/{id}</c>.</summary>
    public DataSession ExpectSession(string sessionId, string token)
    {
        var session = new DataSession(token);
        _data[sessionId] = session;
        return session;
    }

    public async Task SendAsync(AgentControlMessage message)
    {
        var socket = _control ?? throw new InvalidOperationException("no control connection");
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message, AgentChannelJsonContext.Default.AgentControlMessage),
            WebSocketMessageType.Text, true, CancellationToken.None);
    }

    /// <summary>Cuts the control connection without a close handshake, as a dying proxy would.</summary>
    public void DropControl() => _control?.Abort();

    public async Task<AgentControlMessage> NextAsync(string type, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var message = await FromAgent.Reader.ReadAsync(cts.Token);
            if (message.Type == type)
            {
                return message;
            }
        }
    }

    private async Task RegisterAsync(HttpContext context)
    {
        var request = await JsonSerializer.DeserializeAsync(context.Request.Body, AgentChannelJsonContext.Default.AgentRegistrationRequest);
        if (request is null || request.ActivationId != ActivationId || request.ActivationCode != ActivationCode)
        {
            await ErrorAsync(context, 400, "InvalidActivation", "The activation id or code is not valid.");
            return;
        }
        PublicKey = request.PublicKey;
        await JsonAsync(context, new AgentRegistrationResponse(InstanceId, Account, "us-east-1"), AgentChannelJsonContext.Default.AgentRegistrationResponse);
    }

    private async Task CredentialsAsync(HttpContext context)
    {
        var request = await JsonSerializer.DeserializeAsync(context.Request.Body, AgentChannelJsonContext.Default.AgentCredentialsRequest);
        if (Deregistered)
        {
            await ErrorAsync(context, 403, "NodeDeregistered", $"Managed node {InstanceId} is not registered.");
            return;
        }
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(PublicKey!), out _);
        if (request is null || !key.VerifyData(Encoding.UTF8.GetBytes(AgentCredentialProof.StringToSign(request.InstanceId, request.Timestamp)),
                Convert.FromBase64String(request.Signature), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            await ErrorAsync(context, 403, "InvalidSignature", "The signature does not verify.");
            return;
        }
        var n = Interlocked.Increment(ref _credentialsIssued);
        var accessKey = $"ASIAFAKE{n:D12}";
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
        _secrets[accessKey] = secret;
        await JsonAsync(context, new AgentCredentialsResponse(accessKey, secret, "token-" + n, DateTimeOffset.UtcNow.AddHours(1)),
            AgentChannelJsonContext.Default.AgentCredentialsResponse);
    }

    private async Task ControlAsync(HttpContext context)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in context.Request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? ""));
            }
        }
        var request = new SigV4HttpRequest("GET", context.Request.Path.Value ?? "/", context.Request.QueryString.Value?.TrimStart('?') ?? "", headers, ReadOnlyMemory<byte>.Empty);
        var parsed = SigV4Parser.Parse(request);
        if (Deregistered)
        {
            context.Response.StatusCode = 403;
            return;
        }
        if (!parsed.Ok || parsed.Authorization!.Service != "ssm" || !_secrets.TryGetValue(parsed.Authorization.AccessKeyId, out var secret)
            || new SigV4Verifier(TimeProvider.System).Verify(request, parsed.Authorization, secret) is not null)
        {
            context.Response.StatusCode = 403;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        _control = socket;
        ControlConnections++;
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                var message = JsonSerializer.Deserialize(buffer.AsSpan(0, result.Count), AgentChannelJsonContext.Default.AgentControlMessage)!;
                if (message.Type is AgentMessageTypes.SessionEnded or AgentMessageTypes.SessionFailed
                    && message.SessionId is { } ended && _data.TryGetValue(ended, out var session))
                {
                    // As the real server does: it ends the session by closing the data sockets itself.
                    await session.CloseAsync();
                }
                await FromAgent.Writer.WriteAsync(message);
            }
        }
        catch (WebSocketException)
        {
            // Dropped on purpose by a test, or the agent went away.
        }
    }

    private async Task DataAsync(HttpContext context, string id)
    {
        if (!_data.TryGetValue(id, out var session))
        {
            context.Response.StatusCode = 404;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[256 * 1024];
        var first = await socket.ReceiveAsync(buffer, CancellationToken.None);
        var open = DataChannelPayloads.ReadOpenDataChannelInput(buffer.AsSpan(0, first.Count));
        if (first.MessageType != WebSocketMessageType.Text || open.TokenValue != session.Token || open.ClientId != InstanceId)
        {
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "bad token", CancellationToken.None);
            return;
        }
        await session.ServeAsync(socket, buffer);
    }

    private static async Task JsonAsync<T>(HttpContext context, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(value, type));
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return JsonAsync(context, new AgentErrorResponse(code, message), AgentChannelJsonContext.Default.AgentErrorResponse);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _data.Values)
        {
            await session.DisposeAsync();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The client end of one session, reattached on every data socket the agent opens for it.</summary>
    internal sealed class DataSession(string token) : IAsyncDisposable
    {
        private WebSocket? _socket;
        private QueueSink? _sink;

        public string Token { get; } = token;

        public TestDataClient Client { get; } = new();

        public int Connections { get; private set; }

        public void Drop() => _socket?.Abort();

        public async Task CloseAsync()
        {
            if (_socket is { State: WebSocketState.Open } socket)
            {
                try
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "session ended", CancellationToken.None);
                }
                catch (WebSocketException)
                {
                    // Already broken.
                }
            }
        }

        public async Task ServeAsync(WebSocket socket, byte[] buffer)
        {
            _socket = socket;
            Connections++;
            var sink = new QueueSink(async frame =>
            {
                try
                {
                    await socket.SendAsync(frame, WebSocketMessageType.Binary, true, CancellationToken.None);
                }
                catch (WebSocketException)
                {
                    // The socket broke; the client end resends on the next attach.
                }
                catch (ObjectDisposedException)
                {
                }
            });
            _sink = sink;
            Client.Channel.Attach(sink);
            try
            {
                while (true)
                {
                    var length = 0;
                    WebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), CancellationToken.None);
                        length += result.Count;
                    }
                    while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                    Client.Channel.Receive(buffer.AsSpan(0, length));
                }
            }
            catch (WebSocketException)
            {
                // Dropped by the test or the agent closed it.
            }
            finally
            {
                Client.Channel.Detach();
                await sink.DisposeAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _socket?.Abort();
            if (_sink is { } sink)
            {
                await sink.DisposeAsync();
            }
            Client.Dispose();
        }
    }
}

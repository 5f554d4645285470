using System.Net;
using System.Net.WebSockets;
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
using Sekisho.Cli.Aws;
using Sekisho.Cli.Sessions;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Tests.Sessions;

/// <summary>
/// A data-channel peer on a loopback Kestrel WebSocket playing the agent end with <c>Sekisho.Protocol</c> (and the
/// server's part: it checks the open frame's token and can inject channel_closed). Its reliable channel outlives
/// sockets, so a test can cut the socket and see the client resume.
/// </summary>
internal sealed class FakeAgentPeer : IAsyncDisposable, IReliableChannelHandler
{
    private readonly WebApplication _app;
    private readonly AgentHandshake? _handshake;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal) { "token-1" };
    private readonly TaskCompletionSource _handshakeDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CountingSink? _sink;
    private int _tokenCounter = 1;

    public FakeAgentPeer(string? handshakeSessionType = null, JsonElement? properties = null)
    {
        Channel = new ReliableChannel(ReliableChannelOptions.Agent, this);
        if (handshakeSessionType is not null)
        {
            _handshake = new AgentHandshake(handshakeSessionType, properties);
        }
        else
        {
            _handshakeDone.SetResult();
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Map("/v1/data-channel/{id}", HandleAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        StreamUrl = address.Replace("http://", "ws://", StringComparison.Ordinal) + "/v1/data-channel/sess-1?role=publish_subscribe";
    }

    public ReliableChannel Channel { get; }

    public string StreamUrl { get; }

    /// <summary>Client stream messages delivered in order (after the handshake).</summary>
    public Channel<(PayloadType Type, byte[] Payload)> Received { get; } = System.Threading.Channels.Channel.CreateUnbounded<(PayloadType, byte[])>();

    /// <summary>Open frames accepted, in order.</summary>
    public List<OpenDataChannelInput> Opens { get; } = [];

    /// <summary>When set, the socket is aborted after this many more frames have been sent to the client.</summary>
    public int? CutAfterFrames { get; set; }

    /// <summary>Sockets the peer cut.</summary>
    public int Cuts { get; private set; }

    public Task HandshakeDone => _handshakeDone.Task;

    public SessionStream InitialStream => new("sess-1", StreamUrl, "token-1");

    /// <summary>A fresh token, as ResumeSession would issue.</summary>
    public SessionStream Resume()
    {
        lock (_gate)
        {
            var token = "token-" + ++_tokenCounter;
            _tokens.Add(token);
            return new SessionStream("sess-1", StreamUrl, token);
        }
    }

    public async Task SendAsync(PayloadType type, byte[] payload)
    {
        while (!Channel.TrySend(type, payload))
        {
            await Channel.WaitForSendSpaceAsync();
        }
    }

    public Task SendOutputAsync(string text) => SendAsync(PayloadType.Output, Encoding.UTF8.GetBytes(text));

    public Task SendExitCodeAsync(int code)
    {
        var payload = new byte[32];
        var length = DataChannelPayloads.WriteExitCode(payload, code);
        return SendAsync(PayloadType.ExitCode, payload[..length]);
    }

    /// <summary>Waits until the client acknowledged everything, then injects channel_closed as the server does.</summary>
    public async Task CloseChannelAsync(string output)
    {
        for (var i = 0; i < 500 && Channel.UnacknowledgedCount > 0; i++) await Task.Delay(20);
        var payload = DataChannelPayloads.Serialize(new ChannelClosed(Guid.NewGuid().ToString(), DateTimeOffset.UtcNow.ToString("O"),
            "client", "sess-1", MessageTypes.ChannelClosed, 1, output));
        var frame = new ClientMessage(new ClientMessageHeader(MessageTypes.ChannelClosed, 1,
            (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0, 0, Guid.NewGuid(), PayloadType.Output), payload).Encode();
        CountingSink? sink;
        lock (_gate) sink = _sink;
        sink?.SendRaw(frame);
    }

    /// <summary>Reads client stream data until <paramref name="count"/> bytes of <paramref name="type"/> arrived.</summary>
    public async Task<byte[]> ReadBytesAsync(PayloadType type, int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var result = new MemoryStream();
        while (result.Length < count)
        {
            var (t, payload) = await Received.Reader.ReadAsync(cts.Token);
            if (t == type) result.Write(payload);
        }
        return result.ToArray();
    }

    public bool OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
    {
        if (_handshake is { } handshake && !handshake.ShouldDeliver(header.PayloadType))
        {
            return true;
        }
        if (header.PayloadType == PayloadType.HandshakeResponse && _handshake is { State: HandshakeState.InProgress } h)
        {
            var complete = h.AcceptResponse(payload);
            Channel.TrySend(PayloadType.HandshakeComplete, complete);
            _handshakeDone.TrySetResult();
            return true;
        }
        Received.Writer.TryWrite((header.PayloadType, payload.ToArray()));
        return true;
    }

    public void OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
    {
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Channel.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[256 * 1024];
        var first = await socket.ReceiveAsync(buffer, CancellationToken.None);
        if (first.MessageType != WebSocketMessageType.Text)
        {
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "text open frame expected", CancellationToken.None);
            return;
        }
        var open = DataChannelPayloads.ReadOpenDataChannelInput(buffer.AsSpan(0, first.Count));
        bool fresh;
        lock (_gate)
        {
            fresh = Opens.Count == 0;
            if (!_tokens.Remove(open.TokenValue))
            {
                socket.Abort();
                return;
            }
            Opens.Add(open);
        }
        var sink = new CountingSink(socket, this);
        lock (_gate) _sink = sink;
        var writer = sink.RunAsync();
        Channel.Attach(sink);
        if (fresh && _handshake is { } handshake)
        {
            Channel.TrySend(PayloadType.HandshakeRequest, handshake.CreateRequest());
        }
        var retransmit = new CancellationTokenSource();
        var ticker = Task.Run(async () =>
        {
            try
            {
                await Channel.RunRetransmissionLoopAsync(retransmit.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopped with the socket.
            }
        });
        try
        {
            var length = 0;
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) break;
                length += result.Count;
                if (!result.EndOfMessage) continue;
                Channel.Receive(buffer.AsSpan(0, length));
                length = 0;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Cut by the test or by the client.
        }
        finally
        {
            lock (_gate)
            {
                if (ReferenceEquals(_sink, sink))
                {
                    Channel.Detach();
                    _sink = null;
                }
            }
            sink.Complete();
            await retransmit.CancelAsync();
            await ticker;
            await writer;
            retransmit.Dispose();
        }
    }

    internal void OnFrameSent(WebSocket socket)
    {
        lock (_gate)
        {
            if (CutAfterFrames is { } left)
            {
                if (left <= 0)
                {
                    CutAfterFrames = null;
                    Cuts++;
                    socket.Abort();
                }
                else
                {
                    CutAfterFrames = left - 1;
                }
            }
        }
    }

    /// <summary>Queues frames and writes them, letting the peer cut the socket after a number of frames.</summary>
    private sealed class CountingSink(WebSocket socket, FakeAgentPeer peer) : IFrameSink
    {
        private readonly Channel<byte[]> _queue = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();

        public void SendFrame(ReadOnlySpan<byte> frame) => _queue.Writer.TryWrite(frame.ToArray());

        public void SendRaw(byte[] frame) => _queue.Writer.TryWrite(frame);

        public void Complete() => _queue.Writer.TryComplete();

        public async Task RunAsync()
        {
            try
            {
                await foreach (var frame in _queue.Reader.ReadAllAsync())
                {
                    if (socket.State != WebSocketState.Open) return;
                    await socket.SendAsync(frame, WebSocketMessageType.Binary, true, CancellationToken.None);
                    peer.OnFrameSent(socket);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The socket was cut; unacknowledged frames are resent on the next attach.
            }
        }
    }
}

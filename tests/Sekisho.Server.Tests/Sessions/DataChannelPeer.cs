using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Sekisho.Protocol.DataChannel;
using Sekisho.Server.Sessions;

namespace Sekisho.Server.Tests.Sessions;

/// <summary>
/// One end of a session's data channel over a real WebSocket, with Sekisho.Protocol's reliable stream: the fake
/// client (input_stream_data) or the fake agent (output_stream_data). Received Output bytes are collected in
/// order; channel_closed is remembered. <see cref="ReconnectAsync"/> replaces the socket and resends what is unacked.
/// </summary>
public sealed class DataChannelPeer : IAsyncDisposable, IFrameSink, IReliableChannelHandler
{
    private readonly Uri _url;
    private readonly ReliableChannel _channel;
    private readonly MemoryStream _received = new();
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _ticks;
    private Channel<byte[]> _outgoing = Channel.CreateUnbounded<byte[]>();
    private ClientWebSocket? _socket;
    private Task? _pumps;
    private string? _reconnectToken;
    private bool _refused;

    private DataChannelPeer(Uri url, bool agent)
    {
        _url = url;
        _channel = new ReliableChannel(agent ? ReliableChannelOptions.Agent : ReliableChannelOptions.Client, this);
        _ticks = _channel.RunRetransmissionLoopAsync(_stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public ChannelClosed? Closed { get; private set; }

    public TaskCompletionSource ClosedSignal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The close status and reason the server gave when it closed the socket (or refused the token).</summary>
    public TaskCompletionSource<(WebSocketCloseStatus? Status, string? Reason)> SocketClosed { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<(PayloadType Type, byte[] Payload)> Messages { get; } = [];

    public long ReceivedLength
    {
        get
        {
            lock (_gate) return _received.Length;
        }
    }

    public async Task WaitForLengthAsync(long length, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (ReceivedLength < length)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"received {ReceivedLength} of {length} bytes");
            await Task.Delay(20);
        }
    }

    public string State => $"next={_channel.NextSequenceNumber} unacked={_channel.UnacknowledgedCount} expected={_channel.ExpectedSequenceNumber} early={_channel.BufferedEarlyCount} socket={_socket?.State}";

    public byte[] Received
    {
        get
        {
            lock (_gate) return _received.ToArray();
        }
    }

    public static async Task<DataChannelPeer> ConnectAsync(Uri url, string token, bool agent)
    {
        var peer = new DataChannelPeer(url, agent) { _reconnectToken = agent ? token : null };
        await peer.OpenAsync(token);
        return peer;
    }

    public async Task ReconnectAsync(string token, Uri? url = null)
    {
        _channel.Detach();
        _socket?.Abort();
        if (_pumps is not null) await _pumps;
        await OpenAsync(token, url);
    }

    /// <summary>Breaks the socket without a close handshake (as a network failure does).</summary>
    public void Break()
    {
        _channel.Detach();
        _socket?.Abort();
    }

    public async Task SendAsync(PayloadType type, byte[] payload)
    {
        while (!_channel.TrySend(type, payload)) await _channel.WaitForSendSpaceAsync();
    }

    public Task SendTextAsync(string text) => SendAsync(PayloadType.Output, Encoding.UTF8.GetBytes(text));

    public async Task WaitForAsync(Func<byte[], bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!condition(Received))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"condition not met; received {Received.Length} bytes: {Encoding.UTF8.GetString(Received)[..Math.Min(200, Received.Length)]}");
            await Task.Delay(20);
        }
    }

    public Task WaitForTextAsync(string text, TimeSpan? timeout = null) =>
        WaitForAsync(b => Encoding.UTF8.GetString(b).Contains(text, StringComparison.Ordinal), timeout);

    public bool OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            Messages.Add((header.PayloadType, payload.ToArray()));
            if (header.PayloadType is PayloadType.Output) _received.Write(payload);
        }
        return true;
    }

    public void OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
    {
        if (ReferenceEquals(header.MessageType, MessageTypes.ChannelClosed))
        {
            Closed = DataChannelPayloads.ReadChannelClosed(payload);
            ClosedSignal.TrySetResult();
        }
    }

    public void SendFrame(ReadOnlySpan<byte> frame) => _outgoing.Writer.TryWrite(frame.ToArray());

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket?.Abort();
        if (_pumps is not null) await _pumps;
        await _ticks;
        _channel.Dispose();
        _socket?.Dispose();
        _stop.Dispose();
    }

    private async Task OpenAsync(string token, Uri? url = null)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(url ?? _url, CancellationToken.None);
        var open = DataChannelPayloads.Serialize(new OpenDataChannelInput("1.0", Guid.NewGuid().ToString(), token, "test-client", "1.2.707.0"));
        await socket.SendAsync(open, WebSocketMessageType.Text, true, CancellationToken.None);
        _socket = socket;
        SocketClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _outgoing = Channel.CreateUnbounded<byte[]>();
        var outgoing = _outgoing;
        _channel.Attach(this);
        _pumps = Task.WhenAll(ReceiveLoopAsync(socket, outgoing), SendLoopAsync(socket, outgoing));
    }

    private async Task SendLoopAsync(ClientWebSocket socket, Channel<byte[]> outgoing)
    {
        try
        {
            await foreach (var frame in outgoing.Reader.ReadAllAsync(_stop.Token))
                await socket.SendAsync(frame, WebSocketMessageType.Binary, true, _stop.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the socket broke or was replaced
        }
    }

    private async Task ReceiveLoopAsync(ClientWebSocket socket, Channel<byte[]> outgoing)
    {
        var buffer = new byte[1 << 20];
        string? reason = null;
        try
        {
            while (true)
            {
                var length = 0;
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), _stop.Token);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    reason = result.CloseStatusDescription;
                    _refused = result.CloseStatus == WebSocketCloseStatus.PolicyViolation;
                    SocketClosed.TrySetResult((result.CloseStatus, reason));
                    // The send loop may be mid-send on this socket, so no close handshake from here: drop it.
                    socket.Abort();
                    return;
                }
                _channel.Receive(buffer.AsSpan(0, length));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            SocketClosed.TrySetResult((null, e.GetType().Name));
        }
        finally
        {
            outgoing.Writer.TryComplete();
            // As the agent does: while the session lives, a closed or broken data socket is reconnected with the
            // same token, and re-attaching resends everything unacknowledged.
            if (_reconnectToken is { } token && !_stop.IsCancellationRequested && reason != SessionRelay.EndedReason && !_refused)
            {
                _channel.Detach();
                _ = Task.Run(() => ReconnectLoopAsync(token));
            }
        }
    }

    private async Task ReconnectLoopAsync(string token)
    {
        for (var attempt = 0; attempt < 50 && !_stop.IsCancellationRequested; attempt++)
        {
            try
            {
                await Task.Delay(20, _stop.Token);
                await OpenAsync(token);
                return;
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // the server is not reachable yet; try again
            }
        }
    }
}

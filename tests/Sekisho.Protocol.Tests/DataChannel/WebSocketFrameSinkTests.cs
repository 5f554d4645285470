using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Protocol.Tests.DataChannel;

/// <summary>The frame sink the client and the agent share, over a real WebSocket on a loopback TCP connection.</summary>
public sealed class WebSocketFrameSinkTests : IAsyncLifetime
{
    private WebSocket _near = null!;
    private WebSocket _far = null!;

    public async Task InitializeAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var server = await listener.AcceptTcpClientAsync();
        _near = WebSocket.CreateFromStream(client.GetStream(), new WebSocketCreationOptions { IsServer = false });
        _far = WebSocket.CreateFromStream(server.GetStream(), new WebSocketCreationOptions { IsServer = true });
    }

    public Task DisposeAsync()
    {
        _near.Dispose();
        _far.Dispose();
        return Task.CompletedTask;
    }

    private async Task<byte[]> ReceiveMessageAsync()
    {
        var buffer = new byte[1 << 20];
        var length = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var result = await _far.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
            length += result.Count;
            if (result.EndOfMessage) return buffer[..length];
        }
    }

    [Fact]
    public async Task Frames_arrive_in_order_one_binary_message_each_and_none_after_Complete()
    {
        await using var sink = new WebSocketFrameSink(_near);
        var frames = Enumerable.Range(1, 50).Select(i => Enumerable.Repeat((byte)i, i * 997).ToArray()).ToList();
        foreach (var frame in frames) sink.SendFrame(frame);
        sink.Complete();
        sink.SendFrame([9, 9, 9]); // dropped: the channel keeps unacknowledged data and resends on the next socket

        foreach (var frame in frames) Assert.Equal(frame, await ReceiveMessageAsync());
        await sink.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(WebSocketState.Open, _near.State);

        await _near.SendAsync(new byte[] { 1 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        Assert.Equal(new byte[] { 1 }, await ReceiveMessageAsync()); // nothing of the dropped frame came first
    }

    /// <summary>A socket whose sends fail, as a broken connection's do; records whether it was aborted.</summary>
    private sealed class BrokenSocket : WebSocket
    {
        public int Sends { get; private set; }
        public bool Aborted { get; private set; }
        public override WebSocketCloseStatus? CloseStatus => null;
        public override string? CloseStatusDescription => null;
        public override string? SubProtocol => null;
        public override WebSocketState State => Aborted ? WebSocketState.Aborted : WebSocketState.Open;
        public override void Abort() => Aborted = true;
        public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => Task.CompletedTask;
        public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => Task.CompletedTask;
        public override void Dispose() { }
        public override Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
        {
            Sends++;
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
        }
    }

    [Fact]
    public async Task A_failed_send_aborts_the_socket_so_its_reader_wakes_and_Completion_ends_without_fault()
    {
        var socket = new BrokenSocket();
        await using var sink = new WebSocketFrameSink(socket);
        sink.SendFrame([1, 2, 3]);
        await sink.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(socket.Aborted);
        Assert.Equal(1, socket.Sends);
        Assert.True(sink.Completion.IsCompletedSuccessfully);
        sink.SendFrame([4]); // after the failure frames are dropped (and their buffers returned), not sent
        Assert.Equal(1, socket.Sends);
    }

    [Fact]
    public async Task Cancelling_the_token_stops_the_writer_and_aborts_the_socket()
    {
        using var stop = new CancellationTokenSource();
        await using var sink = new WebSocketFrameSink(_near, stop.Token);
        sink.SendFrame([7]);
        Assert.Equal(new byte[] { 7 }, await ReceiveMessageAsync());
        await stop.CancelAsync();
        await sink.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(WebSocketState.Aborted, _near.State);
    }

    [Fact]
    public async Task FlushAsync_sends_what_is_queued_then_the_socket_can_close_politely()
    {
        var sink = new WebSocketFrameSink(_near);
        sink.SendFrame([4, 5]);
        await sink.FlushAsync(TimeSpan.FromSeconds(10));
        Assert.True(sink.Completion.IsCompleted);
        await sink.DisposeAsync();
        Assert.Equal(new byte[] { 4, 5 }, await ReceiveMessageAsync());
        Assert.Equal(WebSocketState.Open, _near.State); // disposing a finished sink leaves the socket to its owner
    }
}

using System.Diagnostics;
using System.IO.Pipelines;
using Sekisho.Protocol.DataChannel;
using Sekisho.Protocol.Smux;

// Throughput of the data-channel codec, the reliable stream and smux, in process (no sockets, no TLS).
// Usage: dotnet run -c Release --project bench/Sekisho.Protocol.Bench [megabytes]
var megabytes = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 256;
var total = (long)megabytes * 1024 * 1024;

foreach (var payloadSize in new[] { 1024, 16 * 1024, 64 * 1024 })
{
    Codec(payloadSize, total);
}
foreach (var payloadSize in new[] { 1024, 64 * 1024 })
{
    Reliable(payloadSize, total);
}
await SmuxAsync(total);
await StackAsync(total);

// Wall-clock MB/s depends on how busy the machine is; CPU seconds per GB does much less.
static void Report(string what, long bytes, Stopwatch watch, long allocated, TimeSpan cpu) =>
    Console.WriteLine($"{what,-52} {bytes / watch.Elapsed.TotalSeconds / 1e6,7:F0} MB/s wall  {cpu.TotalSeconds / (bytes / 1e9),6:F2} CPU s/GB  {allocated / (double)bytes,7:F4} B alloc/B");

static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

static void Codec(int payloadSize, long total)
{
    var payload = new byte[payloadSize];
    Random.Shared.NextBytes(payload);
    var frame = new byte[ClientMessageCodec.GetFrameLength(payloadSize)];
    var header = new ClientMessageHeader(MessageTypes.OutputStreamData, 1, 1, 0, 0, Guid.NewGuid(), PayloadType.Output);
    var count = total / payloadSize;
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var cpu = Cpu();
    var watch = Stopwatch.StartNew();
    for (long i = 0; i < count; i++)
    {
        ClientMessageCodec.Encode(frame, header with { SequenceNumber = i }, payload);
        ClientMessageCodec.Decode(frame, out _);
    }
    watch.Stop();
    Report($"codec encode+decode, {payloadSize} B payloads", count * payloadSize, watch, GC.GetAllocatedBytesForCurrentThread() - allocated, Cpu() - cpu);
}

static void Reliable(int payloadSize, long total)
{
    var a = new Loopback();
    var b = new Loopback();
    using var sender = new ReliableChannel(ReliableChannelOptions.Client with { MaxPayloadLength = payloadSize }, a);
    using var receiver = new ReliableChannel(ReliableChannelOptions.Agent, b);
    a.Peer = receiver;
    b.Peer = sender;
    sender.Attach(a);
    receiver.Attach(b);
    var payload = new byte[payloadSize];
    var count = total / payloadSize;
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var cpu = Cpu();
    var watch = Stopwatch.StartNew();
    for (long i = 0; i < count; i++)
    {
        if (!sender.TrySend(PayloadType.Output, payload))
        {
            throw new InvalidOperationException("send buffer full on a lossless loopback");
        }
    }
    watch.Stop();
    if (b.Delivered != count * payloadSize)
    {
        throw new InvalidOperationException("bytes lost");
    }
    Report($"reliable stream send+ack+deliver, {payloadSize} B", count * payloadSize, watch, GC.GetAllocatedBytesForCurrentThread() - allocated, Cpu() - cpu);
}

static async Task SmuxAsync(long total)
{
    var options = new PipeOptions(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false);
    var ab = new Pipe(options);
    var ba = new Pipe(options);
    await using var client = SmuxSession.Client(new Duplex(ba.Reader, ab.Writer));
    await using var server = SmuxSession.Server(new Duplex(ab.Reader, ba.Writer));
    var stream = await client.OpenStreamAsync();
    var accepted = await server.AcceptStreamAsync();
    await MoveAsync("smux one stream over in-memory pipes, 32 KiB frames", stream, accepted, total);
}

// Writes total bytes into one stream in 256 KiB chunks while reading them from the other, and reports.
static async Task MoveAsync(string what, Stream from, Stream to, long total)
{
    var chunk = new byte[256 * 1024];
    Random.Shared.NextBytes(chunk);
    var cpu = Cpu();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    var reader = Task.Run(async () =>
    {
        var buffer = new byte[256 * 1024];
        long got = 0;
        while (got < total)
        {
            var n = await to.ReadAsync(buffer);
            if (n == 0) throw new InvalidOperationException($"stream ended after {got} of {total} bytes");
            got += n;
        }
    });
    for (long sent = 0; sent < total; sent += chunk.Length)
    {
        await from.WriteAsync(chunk);
    }
    await reader;
    watch.Stop();
    Report(what, total, watch, GC.GetTotalAllocatedBytes(precise: true) - allocated, Cpu() - cpu);
}

// The client's and the agent's protocol stack in fast mode, as a port session runs it, minus the sockets, WebSocket
// and TLS: an smux stream over a ReliableChannelPipe over a ReliableChannel, to the same three layers at the other end
// through an asynchronous in-memory transport that copies each frame once (as a WebSocket send does).
static async Task StackAsync(long total)
{
    var fast = FastModeSettings.Default;
    var options = ReliableChannelOptions.Client with { MaxPayloadLength = fast.MaxPayload };
    var toAgent = new QueuedTransport();
    var toClient = new QueuedTransport();
    var clientHandler = new PipeHandler();
    var agentHandler = new PipeHandler();
    using var clientChannel = new ReliableChannel(options, clientHandler);
    using var agentChannel = new ReliableChannel(ReliableChannelOptions.Agent with { MaxPayloadLength = fast.MaxPayload }, agentHandler);
    clientChannel.EnableFastMode(fast);
    agentChannel.EnableFastMode(fast);
    await using var clientPipe = new ReliableChannelPipe(clientChannel, fast.MaxPayload);
    await using var agentPipe = new ReliableChannelPipe(agentChannel);
    clientHandler.Pipe = clientPipe;
    agentHandler.Pipe = agentPipe;
    using var stop = new CancellationTokenSource();
    var pumps = new[] { toAgent.RunAsync(agentChannel, stop.Token), toClient.RunAsync(clientChannel, stop.Token),
        clientChannel.RunRetransmissionLoopAsync(stop.Token), agentChannel.RunRetransmissionLoopAsync(stop.Token) };
    clientChannel.Attach(toAgent);
    agentChannel.Attach(toClient);
    await using var client = SmuxSession.Client(clientPipe);
    await using var agent = SmuxSession.Server(agentPipe);
    var stream = await client.OpenStreamAsync();
    var accepted = await agent.AcceptStreamAsync();
    await MoveAsync("smux / pipe / reliable channel, fast mode, both ends", stream, accepted, total);
    await stop.CancelAsync();
    try
    {
        await Task.WhenAll(pumps);
    }
    catch (OperationCanceledException)
    {
        // Stopped on purpose.
    }
}

/// <summary>Frames copied into pooled buffers and delivered to the peer channel by a task, as a WebSocket would.</summary>
internal sealed class QueuedTransport : IFrameSink
{
    private readonly System.Threading.Channels.Channel<(byte[] Buffer, int Length)> _frames =
        System.Threading.Channels.Channel.CreateUnbounded<(byte[], int)>(new() { SingleReader = true });

    public void SendFrame(ReadOnlySpan<byte> frame)
    {
        var copy = FrameBufferPool.Shared.Rent(frame.Length);
        frame.CopyTo(copy);
        _frames.Writer.TryWrite((copy, frame.Length));
    }

    public async Task RunAsync(ReliableChannel peer, CancellationToken cancellationToken)
    {
        await foreach (var (buffer, length) in _frames.Reader.ReadAllAsync(cancellationToken))
        {
            peer.Receive(buffer.AsSpan(0, length));
            FrameBufferPool.Shared.Return(buffer);
        }
    }
}

/// <summary>Hands a channel's stream payloads to its pipe.</summary>
internal sealed class PipeHandler : IReliableChannelHandler
{
    public ReliableChannelPipe? Pipe { get; set; }

    public bool OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload) => Pipe!.TryAccept(payload);

    public void OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
    {
    }
}

internal sealed class Loopback : IFrameSink, IReliableChannelHandler
{
    public ReliableChannel? Peer { get; set; }
    public long Delivered { get; private set; }
    public void SendFrame(ReadOnlySpan<byte> frame) => Peer!.Receive(frame);
    public bool OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
    {
        Delivered += payload.Length;
        return true;
    }

    public void OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
    {
    }
}

internal sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;
    public PipeWriter Output { get; } = output;
}

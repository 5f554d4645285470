using System.Security.Cryptography;
using System.Threading.Channels;
using Sekisho.Protocol.DataChannel;
using Sekisho.Protocol.Smux;

namespace Sekisho.Protocol.Tests.DataChannel;

/// <summary>Port forwarding's stack end to end in process: smux streams over Output payloads of two reliable channels.</summary>
public sealed class SmuxOverDataChannelTests
{
    private sealed class End : IReliableChannelHandler
    {
        public ReliableChannelPipe? Pipe { get; set; }

        public bool OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload) =>
            header.PayloadType != PayloadType.Output || Pipe!.TryAccept(payload);

        public void OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
        {
        }
    }

    /// <summary>A transport that delivers frames on a background task, drops some, and can be cut.</summary>
    private sealed class Network
    {
        private readonly Channel<(ReliableChannel To, int Generation, byte[] Frame)> _queue = Channel.CreateUnbounded<(ReliableChannel, int, byte[])>();
        private readonly Random _random = new(11);
        private readonly Lock _gate = new();
        private int _generation;

        public int Delivered;

        public IFrameSink LinkTo(ReliableChannel to) => new Link(this, to, Volatile.Read(ref _generation));

        public void Cut(ReliableChannel a, ReliableChannel b)
        {
            a.Detach();
            b.Detach();
            Interlocked.Increment(ref _generation);
            b.Attach(LinkTo(a));
            a.Attach(LinkTo(b));
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            await foreach (var (to, generation, frame) in _queue.Reader.ReadAllAsync(cancellationToken))
            {
                if (generation == Volatile.Read(ref _generation))
                {
                    to.Receive(frame);
                    Interlocked.Increment(ref Delivered);
                }
            }
        }

        private sealed class Link(Network network, ReliableChannel to, int generation) : IFrameSink
        {
            public void SendFrame(ReadOnlySpan<byte> frame)
            {
                bool drop;
                lock (network._gate)
                {
                    drop = network._random.NextDouble() < 0.005;
                }
                if (!drop)
                {
                    network._queue.Writer.TryWrite((to, generation, frame.ToArray()));
                }
            }
        }
    }

    [Fact]
    public async Task Concurrent_streams_survive_loss_and_a_connection_cut_byte_exact()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var clientEnd = new End();
        var agentEnd = new End();
        var options = new Func<ReliableChannelOptions, ReliableChannelOptions>(o => o with { MaxResendsPerTick = 64 });
        using var client = new ReliableChannel(options(ReliableChannelOptions.Client), clientEnd);
        using var agent = new ReliableChannel(options(ReliableChannelOptions.Agent), agentEnd);
        var network = new Network();
        client.Attach(network.LinkTo(agent));
        agent.Attach(network.LinkTo(client));
        var delivery = network.RunAsync(cts.Token);
        var clientTicks = client.RunRetransmissionLoopAsync(cts.Token);
        var agentTicks = agent.RunRetransmissionLoopAsync(cts.Token);

        await using var clientPipe = new ReliableChannelPipe(client);
        await using var agentPipe = new ReliableChannelPipe(agent);
        clientEnd.Pipe = clientPipe;
        agentEnd.Pipe = agentPipe;
        await using var clientMux = SmuxSession.Client(clientPipe);
        await using var agentMux = SmuxSession.Server(agentPipe);

        const int Streams = 6;
        const int Bytes = 96 * 1024;
        var agentSide = Task.Run(async () =>
        {
            var echoes = new List<Task<string>>();
            for (var i = 0; i < Streams; i++)
            {
                var stream = await agentMux.AcceptStreamAsync(cts.Token);
                echoes.Add(Task.Run(async () =>
                {
                    // Echo with a twist: each byte plus one, so the client checks data that went both ways.
                    var buffer = new byte[8192];
                    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    int n;
                    while ((n = await stream.ReadAsync(buffer, cts.Token)) > 0)
                    {
                        hash.AppendData(buffer, 0, n);
                        for (var k = 0; k < n; k++)
                        {
                            buffer[k]++;
                        }
                        await stream.WriteAsync(buffer.AsMemory(0, n), cts.Token);
                    }
                    await stream.CloseAsync(cts.Token);
                    return Convert.ToHexString(hash.GetHashAndReset());
                }));
            }
            return await Task.WhenAll(echoes);
        });

        var cut = Task.Run(async () =>
        {
            while (Volatile.Read(ref network.Delivered) < 400)
            {
                await Task.Delay(5, cts.Token);
            }
            network.Cut(client, agent);
        });

        var clientSide = await Task.WhenAll(Enumerable.Range(0, Streams).Select(_ => Task.Run(async () =>
        {
            var stream = await clientMux.OpenStreamAsync(cts.Token);
            var data = RandomNumberGenerator.GetBytes(Bytes);
            var expected = data.Select(b => (byte)(b + 1)).ToArray();
            var write = stream.WriteAsync(data, cts.Token).AsTask();
            var received = new byte[Bytes];
            var got = 0;
            while (got < Bytes)
            {
                var n = await stream.ReadAsync(received.AsMemory(got), cts.Token);
                Assert.NotEqual(0, n);
                got += n;
            }
            await write;
            await stream.CloseAsync(cts.Token);
            Assert.Equal(expected, received);
            return Convert.ToHexString(SHA256.HashData(data));
        })));

        var agentHashes = await agentSide;
        await cut;
        Assert.Equal(clientSide.Order(StringComparer.Ordinal), agentHashes.Order(StringComparer.Ordinal));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.WhenAll(delivery, clientTicks, agentTicks));
    }
}

using System.Security.Cryptography;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Protocol.Tests.DataChannel;

/// <summary>
/// Two <see cref="ReliableChannel"/> ends over a simulated transport that drops, duplicates, delays and reorders
/// frames, and is cut now and then (everything in flight lost, both ends re-attached as after ResumeSession).
/// Time is simulated, so the run is deterministic for a seed.
/// </summary>
internal sealed class LossyNetworkSimulation
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(5);

    private readonly Random _random;
    private readonly ManualTimeProvider _time = new();
    private readonly List<InFlight> _inFlight = [];
    private readonly End _client;
    private readonly End _agent;
    private int _generation;

    public LossyNetworkSimulation(int seed, int bytesEachWay, ReliableChannelOptions? clientOptions = null, ReliableChannelOptions? agentOptions = null)
    {
        _random = new Random(seed);
        _client = new End(this, clientOptions ?? ReliableChannelOptions.Client, bytesEachWay, _random);
        _agent = new End(this, agentOptions ?? ReliableChannelOptions.Agent, bytesEachWay, _random);
        _client.Peer = _agent;
        _agent.Peer = _client;
    }

    public double DropRate { get; init; } = 0.1;
    public double DuplicateRate { get; init; } = 0.05;
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(60);
    public double CutRatePerStep { get; init; } = 0.002;
    public double NotReadyRate { get; init; } = 0.01;
    /// <summary>
    /// Both ends in Sekisho's fast mode from the start: payloads up to its MaxPayload, cumulative acks, the byte window,
    /// and a slow reader on each end (received bytes are held and consumed a little per step), so the window is what
    /// holds the sender back.
    /// </summary>
    public FastModeSettings? FastMode { get; init; }

    /// <summary>Bytes each reader consumes per step in fast mode (the slow reader).</summary>
    public int ReadPerStep { get; init; } = 64 * 1024;

    public int Cuts { get; private set; }

    /// <summary>Stream frames put on the transport (first sends and resends) and acknowledgement frames, per end.</summary>
    public (long Client, long Agent) StreamFramesSent => (_client.StreamFrames, _agent.StreamFrames);
    public (long Client, long Agent) AckFramesSent => (_client.AckFrames, _agent.AckFrames);
    public (long Client, long Agent) MessagesSent => (_client.Channel.NextSequenceNumber, _agent.Channel.NextSequenceNumber);

    /// <summary>The largest <see cref="ReliableChannel.OutstandingBytes"/> either end reached.</summary>
    public long MaxOutstandingBytes { get; private set; }
    public int Steps { get; private set; }

    public (byte[] Sent, byte[] Received) ClientToAgent => (_client.SentHash, _agent.ReceivedHash);
    public (byte[] Sent, byte[] Received) AgentToClient => (_agent.SentHash, _client.ReceivedHash);
    public (long Client, long Agent) ReceivedBytes => (_client.ReceivedBytes, _agent.ReceivedBytes);

    /// <summary>Runs until both ends have received everything and nothing is unacknowledged, or gives up.</summary>
    public bool Run(int maxSteps)
    {
        if (FastMode is { } fast)
        {
            _client.Channel.EnableFastMode(fast);
            _agent.Channel.EnableFastMode(fast);
        }
        Reattach();
        var sinceTick = TimeSpan.Zero;
        for (Steps = 0; Steps < maxSteps; Steps++)
        {
            _client.Pump();
            _agent.Pump();
            MaxOutstandingBytes = Math.Max(MaxOutstandingBytes, Math.Max(_client.Channel.OutstandingBytes, _agent.Channel.OutstandingBytes));
            _time.Advance(Step);
            Deliver();
            sinceTick += Step;
            if (sinceTick >= TimeSpan.FromMilliseconds(100))
            {
                sinceTick = TimeSpan.Zero;
                _client.Channel.Tick();
                _agent.Channel.Tick();
            }
            if (_random.NextDouble() < CutRatePerStep)
            {
                Cuts++;
                _client.Channel.Detach();
                _agent.Channel.Detach();
                _inFlight.Clear();
                Reattach();
            }
            if (_client.Done && _agent.Done && _client.Held == 0 && _agent.Held == 0 &&
                _client.Channel.UnacknowledgedCount == 0 && _agent.Channel.UnacknowledgedCount == 0)
            {
                return true;
            }
        }
        return false;
    }

    private void Reattach()
    {
        _generation++;
        // Either end may notice the new transport first.
        var (first, second) = _random.Next(2) == 0 ? (_client, _agent) : (_agent, _client);
        first.Channel.Attach(new Link(this, first.Peer!, _generation));
        second.Channel.Attach(new Link(this, second.Peer!, _generation));
    }

    private void Send(End to, int generation, ReadOnlySpan<byte> frame)
    {
        var type = ClientMessageCodec.Decode(frame, out _, verifyDigest: false).MessageType;
        var from = to.Peer!;
        if (MessageTypes.IsStreamData(type))
        {
            from.StreamFrames++;
        }
        else
        {
            from.AckFrames++;
        }
        if (generation != _generation || _random.NextDouble() < DropRate)
        {
            return;
        }
        var copies = _random.NextDouble() < DuplicateRate ? 2 : 1;
        for (var i = 0; i < copies; i++)
        {
            var delay = TimeSpan.FromTicks((long)(_random.NextDouble() * MaxDelay.Ticks));
            _inFlight.Add(new InFlight(to, _time.GetTimestamp() + delay.Ticks, frame.ToArray()));
        }
    }

    private void Deliver()
    {
        var now = _time.GetTimestamp();
        var due = _inFlight.FindAll(f => f.DueAt <= now);
        _inFlight.RemoveAll(f => f.DueAt <= now);
        // Frames due in the same step arrive in random order.
        _random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(due));
        foreach (var frame in due)
        {
            frame.To.Channel.Receive(frame.Bytes);
        }
    }

    private sealed record InFlight(End To, long DueAt, byte[] Bytes);

    private sealed class Link(LossyNetworkSimulation network, End to, int generation) : IFrameSink
    {
        public void SendFrame(ReadOnlySpan<byte> frame) => network.Send(to, generation, frame);
    }

    private sealed class End : IReliableChannelHandler
    {
        private readonly LossyNetworkSimulation _network;
        private readonly byte[] _source;
        private readonly Random _random;
        private readonly IncrementalHash _received = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private int _offset;
        private bool _refused;
        private readonly Queue<byte[]> _held = new();

        public End(LossyNetworkSimulation network, ReliableChannelOptions options, int bytes, Random random)
        {
            _network = network;
            _random = random;
            _source = new byte[bytes];
            random.NextBytes(_source);
            SentHash = SHA256.HashData(_source);
            Channel = new ReliableChannel(options, this, network._time);
        }

        public ReliableChannel Channel { get; }
        public End? Peer { get; set; }
        public byte[] SentHash { get; }
        public long ReceivedBytes { get; private set; }
        public byte[] ReceivedHash => _received.GetCurrentHash();
        public bool Done => Peer is not null && ReceivedBytes == Peer._source.Length;
        public long StreamFrames { get; set; }
        public long AckFrames { get; set; }
        public long Held { get; private set; }

        public void Pump()
        {
            if (_refused)
            {
                _refused = false;
                Channel.ResumeDelivery();
            }
            // The slow reader: in fast mode received bytes wait here and are consumed a little per step.
            var budget = _network.ReadPerStep;
            while (budget > 0 && _held.Count > 0)
            {
                var chunk = _held.Dequeue();
                _received.AppendData(chunk);
                ReceivedBytes += chunk.Length;
                Held -= chunk.Length;
                budget -= chunk.Length;
                Channel.Release(chunk.Length);
            }
            var maxPayload = _network.FastMode?.MaxPayload ?? ClientMessageLayout.StockMaxPayload;
            while (_offset < _source.Length)
            {
                var size = Math.Min(_random.Next(1, maxPayload + 1), _source.Length - _offset);
                if (!Channel.TrySend(PayloadType.Output, _source.AsSpan(_offset, size)))
                {
                    return;
                }
                _offset += size;
            }
        }

        public bool OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
        {
            if (_random.NextDouble() < _network.NotReadyRate)
            {
                _refused = true;
                return false;
            }
            if (_network.FastMode is not null)
            {
                Channel.Hold(payload.Length);
                _held.Enqueue(payload.ToArray());
                Held += payload.Length;
                return true;
            }
            _received.AppendData(payload);
            ReceivedBytes += payload.Length;
            return true;
        }

        public void OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload) =>
            throw new InvalidOperationException($"unexpected control message {header.MessageType}");
    }
}

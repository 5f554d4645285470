using System.Threading.Channels;
using Sekisho.Agent;
using Sekisho.Agent.Sessions;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Tests.Tunnels;

/// <summary>
/// A port or SSH session in process: the agent's real <see cref="SessionDataStream"/> and a worker on one side, a
/// client end (handshake, Output pipe, flags) on the other, two reliable channels joined by a queue that can be cut
/// (both ends re-attached, as after ResumeSession).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class TunnelLoop : IAsyncDisposable
{
    private readonly Channel<(ReliableChannel To, int Generation, byte[] Frame)> _wire = Channel.CreateUnbounded<(ReliableChannel, int, byte[])>();
    private readonly CancellationTokenSource _stop = new();
    private readonly SessionDataStream _agent;
    private readonly ReliableChannel _client;
    private readonly ClientEnd _clientEnd;
    private readonly Task _delivery;
    private readonly Task _clientTicks;
    private readonly Task _agentTicks;
    private int _generation;
    private bool _ended;

    private TunnelLoop(AgentControlMessage start)
    {
        var options = ReliableChannelOptions.Agent with { MaxResendsPerTick = 64 };
        _agent = new SessionDataStream(start, options);
        _clientEnd = new ClientEnd();
        _client = new ReliableChannel(ReliableChannelOptions.Client with { MaxResendsPerTick = 64 }, _clientEnd);
        _clientEnd.Channel = _client;
        ClientPipe = new ReliableChannelPipe(_client);
        _clientEnd.Pipe = ClientPipe;
        _client.Attach(new Link(this, _agent.Channel, 0));
        _agent.Channel.Attach(new Link(this, _client, 0));
        _delivery = DeliverAsync();
        _clientTicks = _client.RunRetransmissionLoopAsync(_stop.Token);
        _agentTicks = _agent.Channel.RunRetransmissionLoopAsync(_stop.Token);
    }

    public ReliableChannelPipe ClientPipe { get; }

    public StringWriter AgentLogText { get; } = new();

    public Task<int?> Worker { get; private set; } = Task.FromResult<int?>(null);

    public bool WorkerReportedStarted { get; private set; }

    public int ConnectToPortErrors => Volatile.Read(ref _clientEnd.ConnectToPortErrors);

    /// <summary>The exit code of an ExitCode payload the client received, or -1.</summary>
    public int ClientExitCode => Volatile.Read(ref _clientEnd.ExitCode);

    public int Delivered => Volatile.Read(ref _deliveredCount);

    private int _deliveredCount;

    /// <summary>Runs the handshake for a Port session with <paramref name="properties"/>, then <paramref name="worker"/> on the agent side.</summary>
    public static async Task<TunnelLoop> StartAsync(ISessionWorker worker, IReadOnlyDictionary<string, string> properties, CancellationToken cancellationToken)
    {
        var start = new AgentControlMessage
        {
            Type = AgentMessageTypes.StartSession,
            SessionId = "s-tunnel-test",
            SessionType = SessionTypes.Port,
            DocumentName = "AWS-StartPortForwardingSession",
            Properties = properties,
        };
        Assert.True(worker.Handles(start));
        var loop = new TunnelLoop(start);
        loop._agent.BeginHandshake();
        await loop._agent.HandshakeCompleted.WaitAsync(cancellationToken);
        await loop._clientEnd.HandshakeDone.Task.WaitAsync(cancellationToken);
        var context = new SessionWorkerContext(start, loop._agent, new AgentLog(loop.AgentLogText), "mi-0123456789abcdef0",
            () => loop.WorkerReportedStarted = true);
        loop.Worker = Task.Run(() => worker.RunAsync(context, cancellationToken), CancellationToken.None);
        return loop;
    }

    /// <summary>Breaks the connection: frames in flight are lost, both ends re-attach and resend what is unacknowledged.</summary>
    public void Cut()
    {
        _client.Detach();
        _agent.Channel.Detach();
        var generation = Interlocked.Increment(ref _generation);
        _agent.Channel.Attach(new Link(this, _client, generation));
        _client.Attach(new Link(this, _agent.Channel, generation));
    }

    /// <summary>The session ends (the server closed both sockets): the agent's input ends.</summary>
    public void EndSession()
    {
        // Both sockets are closed: nothing more is delivered to either end.
        Volatile.Write(ref _ended, true);
        _agent.CompleteInput();
        ClientPipe.CompleteInput();
    }

    public async ValueTask DisposeAsync()
    {
        EndSession();
        await _stop.CancelAsync();
        _wire.Writer.TryComplete();
        await Task.WhenAll(_delivery, _clientTicks.ContinueWith(_ => { }, TaskScheduler.Default), _agentTicks.ContinueWith(_ => { }, TaskScheduler.Default));
        await ClientPipe.DisposeAsync();
        await _agent.DisposeAsync();
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task DeliverAsync()
    {
        await foreach (var (to, generation, frame) in _wire.Reader.ReadAllAsync())
        {
            if (generation == Volatile.Read(ref _generation) && !Volatile.Read(ref _ended))
            {
                to.Receive(frame);
                Interlocked.Increment(ref _deliveredCount);
            }
        }
    }

    private sealed class Link(TunnelLoop loop, ReliableChannel to, int generation) : IFrameSink
    {
        public void SendFrame(ReadOnlySpan<byte> frame) => loop._wire.Writer.TryWrite((to, generation, frame.ToArray()));
    }

    private sealed class ClientEnd : IReliableChannelHandler
    {
        private readonly ClientHandshake _handshake = new();
        public int ConnectToPortErrors;
        public int ExitCode = -1;

        public ReliableChannel? Channel { get; set; }
        public ReliableChannelPipe? Pipe { get; set; }
        public TaskCompletionSource HandshakeDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
        {
            switch (header.PayloadType)
            {
                case PayloadType.HandshakeRequest:
                    Channel!.TrySend(PayloadType.HandshakeResponse, _handshake.HandleRequest(payload));
                    return true;
                case PayloadType.HandshakeComplete:
                    _handshake.HandleComplete(payload);
                    HandshakeDone.TrySetResult();
                    return true;
                case PayloadType.Flag:
                    if (DataChannelPayloads.ReadFlag(payload) == SessionFlag.ConnectToPortError)
                    {
                        Interlocked.Increment(ref ConnectToPortErrors);
                    }
                    return true;
                case PayloadType.Output:
                    return Pipe!.TryAccept(payload);
                case PayloadType.ExitCode:
                    Volatile.Write(ref ExitCode, DataChannelPayloads.ReadExitCode(payload));
                    return true;
                default:
                    return true;
            }
        }

        public void OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
        {
        }
    }
}

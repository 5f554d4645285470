using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Agent.Sessions;

/// <summary>
/// The agent end of one session's data channel, without the socket: the <see cref="ReliableChannel"/>, the
/// handshake for the session types that have one, and the routing of the client's stream messages (to the
/// <see cref="ReliableChannelPipe"/> once a worker opened it, else to <see cref="ReadInputAsync"/>). The host
/// attaches and re-attaches the WebSocket; tests attach an in-memory sink.
/// </summary>
public sealed class SessionDataStream : IReliableChannelHandler, IAsyncDisposable
{
    /// <summary>Client messages queued for the worker before acks are withheld (the channel's backpressure).</summary>
    private const int InputCapacity = 256;

    private readonly Channel<SessionInput> _input = System.Threading.Channels.Channel.CreateBounded<SessionInput>(
        new BoundedChannelOptions(InputCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly TaskCompletionSource _handshakeDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _terminateRequested = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly int _maxChunk;
    private readonly bool _isByteStream;
    private ReliableChannelPipe? _pipe;
    private int _refused;

    /// <param name="fastModeOffer">Offered to the client in the handshake of Port sessions (Sekisho's fast mode); null offers nothing.</param>
    public SessionDataStream(AgentControlMessage start, ReliableChannelOptions? options = null, TimeProvider? timeProvider = null,
        int maxChunk = ClientMessageLayout.StockMaxPayload, FastModeSettings? fastModeOffer = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunk, 1);
        Start = start;
        _maxChunk = maxChunk;
        Channel = new ReliableChannel(options ?? ReliableChannelOptions.Agent, this, timeProvider);
        var sessionType = start.SessionType ?? SessionTypes.StandardStream;
        _isByteStream = sessionType == SessionTypes.Port;
        if (AgentHandshake.IsRequired(sessionType))
        {
            // Only tunnels move bulk data; shells and commands keep the stock format whoever the client is.
            var offer = sessionType == SessionTypes.Port ? fastModeOffer : null;
            Handshake = new AgentHandshake(sessionType, PropertiesJson(start.Properties), timeProvider, fastModeOffer: offer);
        }
        else
        {
            _handshakeDone.TrySetResult();
        }
    }

    public AgentControlMessage Start { get; }

    public ReliableChannel Channel { get; }

    /// <summary>The handshake, for Port and NonInteractiveCommands sessions; null for shells.</summary>
    public AgentHandshake? Handshake { get; }

    /// <summary>Completes when the handshake is done (at once without one); faults with <see cref="HandshakeException"/>.</summary>
    public Task HandshakeCompleted => _handshakeDone.Task;

    /// <summary>Cancelled when the client sent Flag TerminateSession.</summary>
    public CancellationToken TerminateRequested => _terminateRequested.Token;

    /// <summary>The pipe, once <see cref="OpenPipe"/> was called.</summary>
    public ReliableChannelPipe? Pipe => Volatile.Read(ref _pipe);

    /// <summary>Sends the HandshakeRequest when this session type has a handshake (buffered until a socket is attached).</summary>
    public void BeginHandshake()
    {
        if (Handshake is { State: HandshakeState.NotStarted } handshake && !Channel.TrySend(PayloadType.HandshakeRequest, handshake.CreateRequest()))
        {
            throw new InvalidOperationException("the send buffer of a new session is full");
        }
    }

    /// <summary>
    /// Routes the client's Output payloads into a <see cref="ReliableChannelPipe"/> from now on (port and SSH
    /// sessions); open it before reporting the session started so no byte goes to <see cref="ReadInputAsync"/>.
    /// </summary>
    public ReliableChannelPipe OpenPipe()
    {
        var pipe = new ReliableChannelPipe(Channel);
        if (Interlocked.CompareExchange(ref _pipe, pipe, null) is not null)
        {
            _ = pipe.DisposeAsync().AsTask();
            throw new InvalidOperationException("the session's pipe is already open");
        }
        return pipe;
    }

    /// <summary>Sends stream data in order, cut into messages of at most the stock 1,024 bytes, waiting for send space.</summary>
    public async ValueTask SendAsync(PayloadType payloadType, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            do
            {
                var chunk = payload[..Math.Min(payload.Length, _maxChunk)];
                while (!Channel.TrySend(payloadType, chunk.Span))
                {
                    await Channel.WaitForSendSpaceAsync(cancellationToken).ConfigureAwait(false);
                }
                payload = payload[chunk.Length..];
            }
            while (!payload.IsEmpty);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>Sends a Flag payload (ConnectToPortError, DisconnectToPort, TerminateSession).</summary>
    public ValueTask SendFlagAsync(SessionFlag flag, CancellationToken cancellationToken)
    {
        var payload = new byte[4];
        DataChannelPayloads.WriteFlag(payload, flag);
        return SendAsync(PayloadType.Flag, payload, cancellationToken);
    }

    /// <summary>The client's stream messages in order (all but the handshake, and Output once a pipe is open).</summary>
    public async IAsyncEnumerable<SessionInput> ReadInputAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = _input.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                if (Interlocked.Exchange(ref _refused, 0) == 1)
                {
                    Channel.ResumeDelivery();
                }
                yield return item;
            }
        }
    }

    /// <summary>Ends <see cref="ReadInputAsync"/> and the pipe's input (the session is over).</summary>
    public void CompleteInput()
    {
        _input.Writer.TryComplete();
        Pipe?.CompleteInput();
    }

    bool IReliableChannelHandler.OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
    {
        var type = header.PayloadType;
        if (Handshake is { } handshake && handshake.State != HandshakeState.Complete)
        {
            if (!handshake.ShouldDeliver(type))
            {
                return true; // acked and dropped, as the stock agent does before HandshakeComplete
            }
            OnHandshakeResponse(handshake, payload);
            return true;
        }
        if (type == PayloadType.HandshakeResponse)
        {
            return true;
        }
        if (type == PayloadType.Flag && payload.Length == 4 && DataChannelPayloads.ReadFlag(payload) == SessionFlag.TerminateSession)
        {
            // Cancel callbacks may take other locks; never run them under the channel's lock.
            ThreadPool.QueueUserWorkItem(static cts => Cancel(cts), _terminateRequested, preferLocal: false);
        }
        if (type == PayloadType.Output && Pipe is { } pipe)
        {
            return pipe.TryAccept(payload);
        }
        if (type == PayloadType.Output && _isByteStream)
        {
            // The client may send (ssh's banner, a connection's SYN) as soon as the handshake completes, before the
            // worker has opened its pipe; refused, it is not acknowledged and the client resends it. Queued for
            // ReadInputAsync it would be acknowledged and lost, since port and SSH workers never read there.
            return false;
        }
        if (!_input.Writer.TryWrite(new SessionInput(type, payload.ToArray())))
        {
            if (_input.Reader.Completion.IsCompleted)
            {
                return true; // the worker is gone: nothing will read it, do not make the client resend forever
            }
            Volatile.Write(ref _refused, 1);
            return false;
        }
        return true;
    }

    void IReliableChannelHandler.OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
    {
        // start_publication / pause_publication / agent_session_state: the relay never sends them to Sekisho's agent.
    }

    public async ValueTask DisposeAsync()
    {
        CompleteInput();
        if (Pipe is { } pipe)
        {
            await pipe.DisposeAsync().ConfigureAwait(false);
        }
        Channel.Dispose();
        _terminateRequested.Dispose();
        _sendGate.Dispose();
        _handshakeDone.TrySetCanceled();
    }

    private void OnHandshakeResponse(AgentHandshake handshake, ReadOnlySpan<byte> payload)
    {
        try
        {
            var complete = handshake.AcceptResponse(payload);
            Channel.TrySend(PayloadType.HandshakeComplete, complete);
            if (handshake.FastMode is { } fast)
            {
                // After HandshakeComplete, which the client reads before it switches too.
                Channel.EnableFastMode(fast);
            }
            _handshakeDone.TrySetResult();
        }
        catch (HandshakeException e)
        {
            _handshakeDone.TrySetException(e);
        }
        catch (ClientMessageException e)
        {
            _handshakeDone.TrySetException(new HandshakeException($"the client's HandshakeResponse is malformed: {e.Message}"));
        }
    }

    private static void Cancel(CancellationTokenSource cts)
    {
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The session already ended.
        }
    }

    private static JsonElement? PropertiesJson(IReadOnlyDictionary<string, string>? properties)
    {
        if (properties is null)
        {
            return null;
        }
        var copy = new Dictionary<string, string>(properties, StringComparer.Ordinal);
        return JsonSerializer.SerializeToElement(copy, AgentJsonContext.Default.DictionaryStringString);
    }
}

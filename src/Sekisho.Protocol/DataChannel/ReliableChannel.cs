using System.Buffers;
using L = Sekisho.Protocol.DataChannel.ClientMessageLayout;

namespace Sekisho.Protocol.DataChannel;

/// <summary>
/// One end of the data channel's reliable stream, as a state machine without I/O: sequence numbers per direction
/// from 0, a bounded buffer of unacknowledged messages resent on an RFC 6298 style timeout, in-order delivery with
/// a bounded buffer for early messages, acknowledgements for every in-order and early message and re-acknowledged
/// duplicates. The transport is attached and replaced from outside; on every attach all unacknowledged messages are
/// resent, so a resumed session loses and repeats nothing.
/// </summary>
/// <remarks>
/// Thread-safe: every entry point takes one lock, and the handler and the sink are called under it (re-entrant
/// calls from the handler, such as sending a handshake response, are allowed). Frames are kept in pooled arrays.
/// </remarks>
public sealed class ReliableChannel : IDisposable
{
    private readonly ReliableChannelOptions _options;
    private readonly IReliableChannelHandler _handler;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    // Send buffer: the frame of sequence s lives at s % capacity while s is in [_oldestUnacked, _nextSequence).
    private readonly byte[]?[] _sendFrames;
    private readonly int[] _sendLengths;
    private readonly long[] _sendTimes;
    private readonly bool[] _sendResent;
    private readonly int[] _sendAttempts;
    private long _nextSequence;
    private long _oldestUnacked;
    private TaskCompletionSource? _spaceWaiter;

    // Receive buffer for early messages: sequence s at s % capacity while s is in (_expected, _expected + capacity).
    private readonly byte[]?[] _early;
    private readonly int[] _earlyLengths;
    private long _expected;
    private int _earlyCount;

    private readonly RetransmissionTimer _rto;
    private IFrameSink? _sink;
    private bool _disposed;
    private bool _resendTimedOut;

    public ReliableChannel(ReliableChannelOptions options, IReliableChannelHandler handler, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SendBufferCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReceiveBufferCapacity, 1);
        _options = options;
        _handler = handler;
        _time = timeProvider ?? TimeProvider.System;
        _sendFrames = new byte[]?[options.SendBufferCapacity];
        _sendLengths = new int[options.SendBufferCapacity];
        _sendTimes = new long[options.SendBufferCapacity];
        _sendResent = new bool[options.SendBufferCapacity];
        _sendAttempts = new int[options.SendBufferCapacity];
        _early = new byte[]?[options.ReceiveBufferCapacity];
        _earlyLengths = new int[options.ReceiveBufferCapacity];
        _rto = new RetransmissionTimer(options);
    }

    /// <summary>The sequence number the next sent stream message gets.</summary>
    public long NextSequenceNumber { get { lock (_gate) { return _nextSequence; } } }

    /// <summary>The sequence number of the next stream message to deliver.</summary>
    public long ExpectedSequenceNumber { get { lock (_gate) { return _expected; } } }

    /// <summary>Sent stream messages not yet acknowledged.</summary>
    public int UnacknowledgedCount
    {
        get
        {
            lock (_gate)
            {
                var count = 0;
                for (var s = _oldestUnacked; s < _nextSequence; s++)
                {
                    if (_sendFrames[Slot(s)] is not null)
                    {
                        count++;
                    }
                }
                return count;
            }
        }
    }

    /// <summary>Early messages held until the gap before them fills.</summary>
    public int BufferedEarlyCount { get { lock (_gate) { return _earlyCount; } } }

    /// <summary>
    /// True once a message was resent by the timer more than <see cref="ReliableChannelOptions.MaxResendAttempts"/>
    /// times without an ack: the peer is gone, and the caller should end the session as the stock peers do.
    /// </summary>
    public bool ResendTimedOut { get { lock (_gate) { return _resendTimedOut; } } }

    /// <summary>The current retransmission timeout.</summary>
    public TimeSpan RetransmissionTimeout { get { lock (_gate) { return _rto.Timeout; } } }

    /// <summary>
    /// Uses <paramref name="sink"/> from now on and resends every unacknowledged message, oldest first: after a
    /// broken transport is replaced, this is what makes the resume exact.
    /// </summary>
    public void Attach(IFrameSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _sink = sink;
            var now = _time.GetTimestamp();
            for (var s = _oldestUnacked; s < _nextSequence; s++)
            {
                var slot = Slot(s);
                if (_sendFrames[slot] is { } frame)
                {
                    sink.SendFrame(frame.AsSpan(0, _sendLengths[slot]));
                    _sendTimes[slot] = now;
                    _sendResent[slot] = true;
                }
            }
        }
    }

    /// <summary>Stops sending (the transport broke); messages keep accumulating until the next <see cref="Attach"/>.</summary>
    public void Detach()
    {
        lock (_gate)
        {
            _sink = null;
        }
    }

    /// <summary>
    /// Sends one stream message, or returns false when the send buffer is full (wait with
    /// <see cref="WaitForSendSpaceAsync"/>). Sent at once when a transport is attached, else on the next attach.
    /// </summary>
    public bool TrySend(PayloadType payloadType, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > _options.MaxPayloadLength)
        {
            throw new ArgumentException($"payload of {payload.Length} bytes exceeds the maximum of {_options.MaxPayloadLength}", nameof(payload));
        }
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_nextSequence - _oldestUnacked >= _sendFrames.Length)
            {
                return false;
            }
            var sequence = _nextSequence++;
            var header = new ClientMessageHeader(_options.OutgoingMessageType, 1, CreatedDate(), sequence,
                MessageFlags.None, Guid.NewGuid(), payloadType);
            var length = ClientMessageCodec.GetFrameLength(payload.Length);
            var frame = ArrayPool<byte>.Shared.Rent(length);
            ClientMessageCodec.Encode(frame, header, payload);
            var slot = Slot(sequence);
            _sendFrames[slot] = frame;
            _sendLengths[slot] = length;
            _sendTimes[slot] = _time.GetTimestamp();
            _sendResent[slot] = false;
            _sendAttempts[slot] = 0;
            _sink?.SendFrame(frame.AsSpan(0, length));
            return true;
        }
    }

    /// <summary>Completes when <see cref="TrySend"/> can accept a message again.</summary>
    public Task WaitForSendSpaceAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_nextSequence - _oldestUnacked < _sendFrames.Length)
            {
                return Task.CompletedTask;
            }
            _spaceWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _spaceWaiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Handles one received frame: an acknowledgement, a stream message (delivered in order, acknowledged) or a
    /// control message (passed to the handler).
    /// </summary>
    /// <exception cref="ClientMessageException">The frame is malformed; nothing was changed.</exception>
    public void Receive(ReadOnlySpan<byte> frame)
    {
        var header = ClientMessageCodec.Decode(frame, out var payload, _options.VerifyDigest);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (ReferenceEquals(header.MessageType, MessageTypes.Acknowledge))
            {
                OnAcknowledge(DataChannelPayloads.ReadAcknowledgedSequenceNumber(payload));
            }
            else if (MessageTypes.IsStreamData(header.MessageType))
            {
                OnStreamData(header, payload, frame);
            }
            else
            {
                _handler.OnControlMessage(header, payload);
            }
        }
    }

    /// <summary>Delivers buffered early messages after the handler refused one and is ready again.</summary>
    public void ResumeDelivery()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            DrainEarly();
        }
    }

    /// <summary>
    /// Resends expired unacknowledged messages (oldest first, up to <see cref="ReliableChannelOptions.MaxResendsPerTick"/>).
    /// Returns how many were resent. Call every <see cref="ReliableChannelOptions.ResendInterval"/>.
    /// </summary>
    public int Tick()
    {
        lock (_gate)
        {
            if (_disposed || _sink is null)
            {
                return 0;
            }
            var now = _time.GetTimestamp();
            var resent = 0;
            for (var s = _oldestUnacked; s < _nextSequence && resent < _options.MaxResendsPerTick; s++)
            {
                var slot = Slot(s);
                if (_sendFrames[slot] is not { } frame)
                {
                    continue;
                }
                if (_time.GetElapsedTime(_sendTimes[slot], now) <= _rto.Timeout)
                {
                    continue;
                }
                _sink.SendFrame(frame.AsSpan(0, _sendLengths[slot]));
                _sendTimes[slot] = now;
                _sendResent[slot] = true;
                if (++_sendAttempts[slot] > _options.MaxResendAttempts)
                {
                    _resendTimedOut = true;
                }
                resent++;
            }
            return resent;
        }
    }

    /// <summary>Calls <see cref="Tick"/> every <see cref="ReliableChannelOptions.ResendInterval"/> until cancelled.</summary>
    public async Task RunRetransmissionLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_options.ResendInterval, _time, cancellationToken).ConfigureAwait(false);
            Tick();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _sink = null;
            for (var i = 0; i < _sendFrames.Length; i++)
            {
                Return(ref _sendFrames[i]);
            }
            for (var i = 0; i < _early.Length; i++)
            {
                Return(ref _early[i]);
            }
            _spaceWaiter?.TrySetException(new ObjectDisposedException(nameof(ReliableChannel)));
        }
    }

    private void OnAcknowledge(long sequence)
    {
        if (sequence < _oldestUnacked || sequence >= _nextSequence)
        {
            return;
        }
        var slot = Slot(sequence);
        if (_sendFrames[slot] is null)
        {
            return;
        }
        // Karn's rule: a resent message's ack does not tell which copy it answers, so it gives no RTT sample.
        if (!_sendResent[slot])
        {
            _rto.AddSample(_time.GetElapsedTime(_sendTimes[slot]));
        }
        Return(ref _sendFrames[slot]);
        var wasFull = _nextSequence - _oldestUnacked >= _sendFrames.Length;
        while (_oldestUnacked < _nextSequence && _sendFrames[Slot(_oldestUnacked)] is null)
        {
            _oldestUnacked++;
        }
        if (wasFull && _nextSequence - _oldestUnacked < _sendFrames.Length && _spaceWaiter is { } waiter)
        {
            _spaceWaiter = null;
            waiter.TrySetResult();
        }
    }

    private void OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> frame)
    {
        var sequence = header.SequenceNumber;
        if (sequence < _expected)
        {
            // Our earlier ack was lost or is late: ack again so the peer stops resending, and drop the copy.
            SendAcknowledge(header);
            return;
        }
        if (sequence == _expected)
        {
            if (!_handler.OnStreamData(header, payload))
            {
                return;
            }
            SendAcknowledge(header);
            _expected++;
            DrainEarly();
            return;
        }
        var distance = sequence - _expected;
        if (distance >= _early.Length)
        {
            // Beyond the receive buffer: no ack, so the peer resends it once the gap closes.
            return;
        }
        var slot = (int)(sequence % _early.Length);
        if (_early[slot] is null)
        {
            var copy = ArrayPool<byte>.Shared.Rent(frame.Length);
            frame.CopyTo(copy);
            _early[slot] = copy;
            _earlyLengths[slot] = frame.Length;
            _earlyCount++;
        }
        SendAcknowledge(header);
    }

    private void DrainEarly()
    {
        while (_earlyCount > 0)
        {
            var slot = (int)(_expected % _early.Length);
            if (_early[slot] is not { } frame)
            {
                return;
            }
            var header = ClientMessageCodec.Decode(frame.AsSpan(0, _earlyLengths[slot]), out var payload, verifyDigest: false);
            if (!_handler.OnStreamData(header, payload))
            {
                return;
            }
            Return(ref _early[slot]);
            _earlyCount--;
            _expected++;
        }
    }

    private void SendAcknowledge(in ClientMessageHeader acknowledged)
    {
        if (_sink is null)
        {
            return;
        }
        Span<byte> frame = stackalloc byte[L.HeaderSize + DataChannelPayloads.MaxAcknowledgeLength];
        var payloadLength = DataChannelPayloads.WriteAcknowledge(frame[L.PayloadOffset..], acknowledged.MessageType,
            acknowledged.MessageId, acknowledged.SequenceNumber);
        // Encode copies the payload to the same place it already is.
        var header = new ClientMessageHeader(MessageTypes.Acknowledge, 1, CreatedDate(), 0, MessageFlags.Acknowledge,
            Guid.NewGuid(), PayloadType.None);
        var length = ClientMessageCodec.Encode(frame, header, frame.Slice(L.PayloadOffset, payloadLength));
        _sink.SendFrame(frame[..length]);
    }

    private ulong CreatedDate() => (ulong)_time.GetUtcNow().ToUnixTimeMilliseconds();

    private int Slot(long sequence) => (int)(sequence % _sendFrames.Length);

    private static void Return(ref byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }
}

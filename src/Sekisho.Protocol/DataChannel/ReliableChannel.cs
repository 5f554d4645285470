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

    // Byte counts since sequence 0 (both modes), for fast mode's window: payload bytes of the stream messages this end
    // sent, the peer's consumed count from its last fast acknowledgement, the payload bytes delivered here in order,
    // and how many of those a reader (the pipe) still holds.
    private long _sentBytes;
    private long _peerConsumed;
    private long _deliveredBytes;
    private long _heldBytes;

    // What the last fast acknowledgement told the peer, and in-order messages delivered since.
    private long _advertisedThrough = -1;
    private long _advertisedConsumed;
    private int _deliveredSinceAck;
    private FastModeSettings? _fast;
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

    /// <summary>The fast-mode settings once <see cref="EnableFastMode"/> was called; null in the stock mode.</summary>
    public FastModeSettings? FastMode => Volatile.Read(ref _fast);

    /// <summary>Payload bytes sent and not yet consumed by the peer's reader, as far as this end knows.</summary>
    public long OutstandingBytes { get { lock (_gate) { return _sentBytes - _peerConsumed; } } }

    /// <summary>
    /// Switches this end to Sekisho's fast mode (after a handshake in which both ends agreed on
    /// <paramref name="settings"/>): the byte window limits <see cref="TrySend"/>, received messages are acknowledged
    /// cumulatively with <see cref="MessageTypes.FastAcknowledge"/>, and expired messages are resent without a
    /// per-tick limit. Acknowledgements of both kinds are understood in either mode, so the two ends need not switch
    /// at the same instant.
    /// </summary>
    public void EnableFastMode(FastModeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Volatile.Write(ref _fast, settings);
            SignalSpace();
        }
    }

    /// <summary>
    /// Says that the handler keeps <paramref name="bytes"/> of the payload it is accepting unread (call from
    /// <see cref="IReliableChannelHandler.OnStreamData"/>); fast mode's window counts them as not consumed until
    /// <see cref="Release"/>.
    /// </summary>
    public void Hold(long bytes)
    {
        lock (_gate)
        {
            _heldBytes += bytes;
        }
    }

    /// <summary>The reader consumed <paramref name="bytes"/> it held; in fast mode a window update goes out every quarter window.</summary>
    public void Release(long bytes)
    {
        lock (_gate)
        {
            _heldBytes -= bytes;
            if (_fast is { } fast && !_disposed && ConsumedBytes - _advertisedConsumed >= fast.WindowBytes / 4)
            {
                SendFastAcknowledge();
            }
        }
    }

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
            if (_fast is not null)
            {
                // Tell the new transport's peer at once what arrived, so it frees and resends without waiting a tick.
                SendFastAcknowledge();
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
    public bool TrySend(PayloadType payloadType, ReadOnlySpan<byte> payload) =>
        TrySendCore(payloadType, payload.Length, payload, ReadOnlySequence<byte>.Empty);

    /// <summary>
    /// As <see cref="TrySend(PayloadType, ReadOnlySpan{byte})"/>, with the payload straight from a pipe's buffer: it is
    /// copied once, into the kept frame.
    /// </summary>
    public bool TrySend(PayloadType payloadType, in ReadOnlySequence<byte> payload) =>
        TrySendCore(payloadType, payload.Length > int.MaxValue ? int.MaxValue : (int)payload.Length, default, payload);

    /// <summary>Either <paramref name="span"/> or <paramref name="sequence"/> (when not empty) is the payload.</summary>
    private bool TrySendCore(PayloadType payloadType, int payloadLength, ReadOnlySpan<byte> span, in ReadOnlySequence<byte> sequence)
    {
        var maxPayload = MaxPayloadLength;
        if (payloadLength > maxPayload)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength), payloadLength, $"a payload of {payloadLength} bytes exceeds the maximum of {maxPayload}");
        }
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_nextSequence - _oldestUnacked >= _sendFrames.Length)
            {
                return false;
            }
            var outstanding = _sentBytes - _peerConsumed;
            if (_fast is { } fast && outstanding > 0 && outstanding + payloadLength > fast.WindowBytes)
            {
                return false;
            }
            _sentBytes += payloadLength;
            var sequenceNumber = _nextSequence++;
            var header = new ClientMessageHeader(_options.OutgoingMessageType, 1, CreatedDate(), sequenceNumber,
                MessageFlags.None, Guid.NewGuid(), payloadType);
            var length = ClientMessageCodec.GetFrameLength(payloadLength);
            var frame = FrameBufferPool.Shared.Rent(length);
            var writeDigest = _fast is not { PayloadDigests: false };
            if (sequence.IsEmpty)
            {
                ClientMessageCodec.Encode(frame, header, span, writeDigest);
            }
            else
            {
                ClientMessageCodec.Encode(frame, header, sequence, writeDigest);
            }
            var slot = Slot(sequenceNumber);
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
            if (HasSpace())
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
        var verify = _options.VerifyDigest && (Volatile.Read(ref _fast) is not { } fast || fast.PayloadDigests);
        var header = ClientMessageCodec.Decode(frame, out var payload, verify);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (ReferenceEquals(header.MessageType, MessageTypes.Acknowledge))
            {
                OnAcknowledge(DataChannelPayloads.ReadAcknowledgedSequenceNumber(payload));
            }
            else if (ReferenceEquals(header.MessageType, MessageTypes.FastAcknowledge))
            {
                var (through, consumed) = FastModeAcknowledge.Read(payload);
                OnFastAcknowledge(through, consumed);
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
            AfterDelivery();
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
            var fast = _fast;
            var maxResends = fast is null ? _options.MaxResendsPerTick : int.MaxValue;
            var timeout = fast is null || _rto.Timeout >= fast.MinRetransmissionTimeout ? _rto.Timeout : fast.MinRetransmissionTimeout;
            if (fast is not null && (_expected - 1 > _advertisedThrough || ConsumedBytes > _advertisedConsumed))
            {
                SendFastAcknowledge();
            }
            for (var s = _oldestUnacked; s < _nextSequence && resent < maxResends; s++)
            {
                var slot = Slot(s);
                if (_sendFrames[slot] is not { } frame)
                {
                    continue;
                }
                if (_time.GetElapsedTime(_sendTimes[slot], now) <= timeout)
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
        while (_oldestUnacked < _nextSequence && _sendFrames[Slot(_oldestUnacked)] is null)
        {
            _oldestUnacked++;
        }
        SignalSpace();
    }

    private void OnFastAcknowledge(long through, long consumed)
    {
        if (consumed > _peerConsumed)
        {
            // A peer cannot have consumed more than was sent; a larger number is a broken peer, capped so the window holds.
            _peerConsumed = Math.Min(consumed, _sentBytes);
        }
        var last = Math.Min(through, _nextSequence - 1);
        if (last >= _oldestUnacked)
        {
            var lastSlot = Slot(last);
            if (_sendFrames[lastSlot] is not null && !_sendResent[lastSlot])
            {
                _rto.AddSample(_time.GetElapsedTime(_sendTimes[lastSlot]));
            }
            for (var s = _oldestUnacked; s <= last; s++)
            {
                Return(ref _sendFrames[Slot(s)]);
            }
            _oldestUnacked = last + 1;
            while (_oldestUnacked < _nextSequence && _sendFrames[Slot(_oldestUnacked)] is null)
            {
                _oldestUnacked++;
            }
        }
        SignalSpace();
    }

    private long ConsumedBytes => _deliveredBytes - _heldBytes;

    private bool HasSpace()
    {
        if (_nextSequence - _oldestUnacked >= _sendFrames.Length)
        {
            return false;
        }
        var outstanding = _sentBytes - _peerConsumed;
        return _fast is not { } fast || outstanding <= 0 || outstanding + MaxPayloadLength <= fast.WindowBytes;
    }

    /// <summary>The options' limit, or fast mode's agreed payload size when larger.</summary>
    private int MaxPayloadLength => Volatile.Read(ref _fast) is { } fast && fast.MaxPayload > _options.MaxPayloadLength
        ? fast.MaxPayload
        : _options.MaxPayloadLength;

    private void SignalSpace()
    {
        if (_spaceWaiter is { } waiter && HasSpace())
        {
            _spaceWaiter = null;
            waiter.TrySetResult();
        }
    }

    /// <summary>Fast mode: a cumulative acknowledgement once enough arrived since the last one.</summary>
    private void AfterDelivery()
    {
        if (_fast is { } fast && (_deliveredSinceAck >= fast.AckEveryMessages || ConsumedBytes - _advertisedConsumed >= fast.WindowBytes / 4))
        {
            SendFastAcknowledge();
        }
    }

    private void SendFastAcknowledge()
    {
        if (_sink is null)
        {
            return;
        }
        Span<byte> frame = stackalloc byte[L.HeaderSize + FastModeAcknowledge.PayloadLength];
        var through = _expected - 1;
        var consumed = ConsumedBytes;
        FastModeAcknowledge.Write(frame[L.PayloadOffset..], through, consumed);
        var header = new ClientMessageHeader(MessageTypes.FastAcknowledge, 1, CreatedDate(), 0, MessageFlags.Acknowledge,
            Guid.NewGuid(), PayloadType.None);
        var length = ClientMessageCodec.Encode(frame, header, frame.Slice(L.PayloadOffset, FastModeAcknowledge.PayloadLength));
        _sink.SendFrame(frame[..length]);
        _advertisedThrough = through;
        _advertisedConsumed = consumed;
        _deliveredSinceAck = 0;
    }

    private void OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> frame)
    {
        var sequence = header.SequenceNumber;
        if (sequence < _expected)
        {
            // Our earlier ack was lost or is late: ack again so the peer stops resending, and drop the copy.
            if (_fast is not null)
            {
                SendFastAcknowledge();
            }
            else
            {
                SendAcknowledge(header);
            }
            return;
        }
        if (sequence == _expected)
        {
            if (!_handler.OnStreamData(header, payload))
            {
                return;
            }
            // The handler may have switched to fast mode (the client does on HandshakeComplete): then this message
            // is acknowledged cumulatively with the ones after it.
            if (_fast is null)
            {
                SendAcknowledge(header);
            }
            _deliveredBytes += payload.Length;
            _deliveredSinceAck++;
            _expected++;
            DrainEarly();
            AfterDelivery();
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
            var copy = FrameBufferPool.Shared.Rent(frame.Length);
            frame.CopyTo(copy);
            _early[slot] = copy;
            _earlyLengths[slot] = frame.Length;
            _earlyCount++;
        }
        if (_fast is null)
        {
            // A cumulative acknowledgement cannot cover an early message; fast mode acknowledges it once the gap closes.
            SendAcknowledge(header);
        }
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
            _deliveredBytes += payload.Length;
            _deliveredSinceAck++;
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
            FrameBufferPool.Shared.Return(buffer);
            buffer = null;
        }
    }
}

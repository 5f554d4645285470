using System.Buffers;
using System.IO.Pipelines;
using Sekisho.Protocol.Buffers;

namespace Sekisho.Protocol.DataChannel;

/// <summary>
/// The data channel's stream of <see cref="PayloadType.Output"/> payloads as a duplex byte pipe, for what runs
/// over it: smux for port sessions, raw bytes for SSH. Bytes written to <see cref="Output"/> are cut into messages
/// of at most <c>maxPayload</c> bytes (1,024 for stock peers) and sent when the channel has room; received
/// payloads handed to <see cref="TryAccept"/> are read from <see cref="Input"/>.
/// </summary>
/// <remarks>
/// Backpressure in both directions: the send pump waits for the channel's send buffer, and <see cref="TryAccept"/>
/// refuses (so the message is not acknowledged and the peer resends it) while <c>maxUnreadBytes</c> are unread;
/// reading below that limit calls <see cref="ReliableChannel.ResumeDelivery"/>.
/// </remarks>
public sealed class ReliableChannelPipe : IDuplexPipe, IAsyncDisposable
{
    private readonly ReliableChannel _channel;
    private readonly int _maxPayload;
    private readonly long _maxUnreadBytes;
    // 64 KiB segments from a pool that keeps a window's worth (16 MiB) for reuse: a fast-mode payload (256 KiB) is 4
    // segments to write, slice and copy rather than 64, and a window of unread bytes is not allocated anew each time.
    private readonly Pipe _inbound = new(new PipeOptions(pool: LargeBlockMemoryPool.ForDataChannels, pauseWriterThreshold: 0,
        minimumSegmentSize: LargeBlockMemoryPool.BlockSize, useSynchronizationContext: false));
    private readonly Pipe _outbound;
    private readonly CountingReader _input;
    private readonly CancellationTokenSource _stop = new();
    private long _unread;
    private int _refused;

    public ReliableChannelPipe(ReliableChannel channel, int maxPayload = ClientMessageLayout.StockMaxPayload,
        long maxUnreadBytes = 4 * 1024 * 1024)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayload, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUnreadBytes, 1);
        _channel = channel;
        _maxPayload = maxPayload;
        _maxUnreadBytes = maxUnreadBytes;
        // Room for four payloads (1 MiB at least): the pump cuts messages only from what the writer has flushed, and the
        // channel's window, not this pipe, keeps the transport busy. It used to be 64 payloads, up to 16 MiB more per
        // session in fast mode, which no pool kept: allocated and collected, about a byte per byte moved.
        var pause = Math.Max(4L * maxPayload, 1024 * 1024);
        _outbound = new Pipe(new PipeOptions(pauseWriterThreshold: pause, resumeWriterThreshold: pause / 2,
            pool: LargeBlockMemoryPool.ForDataChannels, minimumSegmentSize: LargeBlockMemoryPool.BlockSize, useSynchronizationContext: false));
        _input = new CountingReader(this, _inbound.Reader);
        SendLoop = Task.Run(PumpAsync);
    }

    /// <summary>Bytes received from the peer.</summary>
    public PipeReader Input => _input;

    /// <summary>Bytes to send to the peer.</summary>
    public PipeWriter Output => _outbound.Writer;

    /// <summary>The task that moves <see cref="Output"/> into the channel; faults if the channel fails.</summary>
    public Task SendLoop { get; }

    /// <summary>
    /// Takes one received payload, or returns false (the handler then returns false too) while too much is unread.
    /// Call from <see cref="IReliableChannelHandler.OnStreamData"/>.
    /// </summary>
    public bool TryAccept(ReadOnlySpan<byte> payload)
    {
        // In fast mode the sender's byte window bounds what is unread, so refusing (and so making the peer resend) is
        // never needed; the window reopens as the reader consumes (Release).
        if (_channel.FastMode is null && Interlocked.Read(ref _unread) >= _maxUnreadBytes)
        {
            Volatile.Write(ref _refused, 1);
            return false;
        }
        Interlocked.Add(ref _unread, payload.Length);
        _channel.Hold(payload.Length);
        _inbound.Writer.Write(payload);
        // With no pause threshold the flush completes at once; it only publishes the bytes to the reader.
        var flush = _inbound.Writer.FlushAsync();
        if (!flush.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("the inbound pipe of a data channel paused, which it is configured never to do");
        }
        return true;
    }

    /// <summary>Ends the incoming byte stream (the session closed).</summary>
    public void CompleteInput(Exception? error = null) => _inbound.Writer.Complete(error);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _outbound.Writer.CompleteAsync().ConfigureAwait(false);
        await _inbound.Writer.CompleteAsync().ConfigureAwait(false);
        try
        {
            await SendLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Disposal cancels the pump on purpose.
        }
        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        var reader = _outbound.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_stop.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (!buffer.IsEmpty)
                {
                    // Stock peers get 1,024-byte messages; once fast mode is on, the agreed (larger) size. The channel
                    // copies the message from the pipe's segments into the frame it keeps until acknowledged.
                    var maxPayload = _channel.FastMode?.MaxPayload ?? _maxPayload;
                    var message = buffer.Slice(0, Math.Min(buffer.Length, maxPayload));
                    while (!_channel.TrySend(PayloadType.Output, message))
                    {
                        await _channel.WaitForSendSpaceAsync(_stop.Token).ConfigureAwait(false);
                    }
                    buffer = buffer.Slice(message.Length);
                }
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void OnConsumed(long bytes)
    {
        _channel.Release(bytes);
        if (Interlocked.Add(ref _unread, -bytes) < _maxUnreadBytes && Interlocked.Exchange(ref _refused, 0) == 1)
        {
            _channel.ResumeDelivery();
        }
    }

    /// <summary>Counts what the consumer takes, to know how much is unread.</summary>
    private sealed class CountingReader(ReliableChannelPipe owner, PipeReader inner) : PipeReader
    {
        private ReadOnlySequence<byte> _last;

        public override bool TryRead(out ReadResult result)
        {
            var ok = inner.TryRead(out result);
            if (ok)
            {
                _last = result.Buffer;
            }
            return ok;
        }

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
            _last = result.Buffer;
            return result;
        }

        public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            var taken = _last.Slice(_last.Start, consumed).Length;
            _last = default;
            inner.AdvanceTo(consumed, examined);
            if (taken > 0)
            {
                owner.OnConsumed(taken);
            }
        }

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);
    }
}

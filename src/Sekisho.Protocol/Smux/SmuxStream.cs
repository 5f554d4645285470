using System.Buffers;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Protocol.Smux;

/// <summary>
/// One stream of an <see cref="SmuxSession"/>, as an async <see cref="Stream"/>. Reads return 0 once the peer's FIN
/// has arrived and everything before it was read; closing sends FIN and ends both directions, as in smux v1.
/// Only the asynchronous read and write methods are supported.
/// </summary>
public sealed class SmuxStream : Stream
{
    private readonly SmuxSession _session;
    private readonly Lock _gate = new();
    private readonly Queue<(byte[] Buffer, int Length)> _segments = new();
    private int _headOffset;
    private TaskCompletionSource? _readWaiter;
    private bool _remoteFin;
    private bool _sessionEnded;
    private Exception? _sessionFailure;
    private int _localClosed;

    internal SmuxStream(SmuxSession session, uint id)
    {
        _session = session;
        Id = id;
    }

    public uint Id { get; }

    /// <summary>Whether the peer has sent FIN.</summary>
    public bool RemoteClosed { get { lock (_gate) { return _remoteFin; } } }

    public override bool CanRead => true;
    public override bool CanWrite => Volatile.Read(ref _localClosed) == 0;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_segments.Count > 0)
                {
                    var copied = CopyOut(buffer.Span);
                    _session.ReturnTokens(copied);
                    return copied;
                }
                if (_sessionFailure is not null)
                {
                    throw new IOException($"smux stream {Id}: the session failed", _sessionFailure);
                }
                if (_remoteFin || _sessionEnded || Volatile.Read(ref _localClosed) != 0)
                {
                    return 0;
                }
                _readWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _readWaiter.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return;
        }
        if (Volatile.Read(ref _localClosed) != 0)
        {
            throw new ObjectDisposedException($"smux stream {Id}");
        }
        await _session.WriteFramesAsync(SmuxCommand.Psh, Id, buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sends FIN (once) and forgets the stream; unread data is discarded.</summary>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        if (!MarkClosed())
        {
            return;
        }
        if (!_session.IsClosed)
        {
            await _session.WriteFrameAsync(SmuxCommand.Fin, Id, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        catch (IOException) when (_session.IsClosed)
        {
            // The session ended while closing: there is no peer left to tell.
        }
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && MarkClosed() && !_session.IsClosed)
        {
            // Synchronous disposal cannot await the FIN; it is queued behind other writes, and if the session
            // dies first there is nobody to tell. The session's Completion reports transport errors.
            _ = _session.WriteFrameAsync(SmuxCommand.Fin, Id, ReadOnlyMemory<byte>.Empty, CancellationToken.None).AsTask()
                .ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("smux streams are read with ReadAsync");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("smux streams are written with WriteAsync");
    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    internal bool Enqueue(ReadOnlySequence<byte> data)
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            if (Volatile.Read(ref _localClosed) != 0)
            {
                return false;
            }
            // FrameBufferPool, not ArrayPool.Shared: a fast-mode window holds hundreds of these frames unread, more than
            // the shared pool keeps per size, so most were allocated anew and collected.
            var copy = FrameBufferPool.Shared.Rent((int)data.Length);
            data.CopyTo(copy);
            _segments.Enqueue((copy, (int)data.Length));
            waiter = TakeWaiter();
        }
        waiter?.TrySetResult();
        return true;
    }

    internal void OnRemoteFin()
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            _remoteFin = true;
            waiter = TakeWaiter();
        }
        waiter?.TrySetResult();
    }

    internal void OnSessionEnded(Exception? failure)
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            _sessionEnded = true;
            _sessionFailure = failure;
            waiter = TakeWaiter();
        }
        waiter?.TrySetResult();
    }

    private bool MarkClosed()
    {
        if (Interlocked.Exchange(ref _localClosed, 1) != 0)
        {
            return false;
        }
        _session.Forget(Id);
        TaskCompletionSource? waiter;
        var unread = 0;
        lock (_gate)
        {
            while (_segments.TryDequeue(out var segment))
            {
                unread += segment.Length - _headOffset;
                _headOffset = 0;
                FrameBufferPool.Shared.Return(segment.Buffer);
            }
            waiter = TakeWaiter();
        }
        // Bytes nobody will read go back to the session's receive budget.
        _session.ReturnTokens(unread);
        waiter?.TrySetResult();
        return true;
    }

    private int CopyOut(Span<byte> destination)
    {
        var copied = 0;
        while (copied < destination.Length && _segments.TryPeek(out var head))
        {
            var available = head.Length - _headOffset;
            var n = Math.Min(available, destination.Length - copied);
            head.Buffer.AsSpan(_headOffset, n).CopyTo(destination[copied..]);
            copied += n;
            _headOffset += n;
            if (_headOffset == head.Length)
            {
                _segments.Dequeue();
                _headOffset = 0;
                FrameBufferPool.Shared.Return(head.Buffer);
            }
        }
        return copied;
    }

    private TaskCompletionSource? TakeWaiter()
    {
        var waiter = _readWaiter;
        _readWaiter = null;
        return waiter;
    }
}

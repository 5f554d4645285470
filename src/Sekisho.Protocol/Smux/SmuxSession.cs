using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;

namespace Sekisho.Protocol.Smux;

/// <summary>
/// An smux v1 session (xtaci/smux, as the Session Manager plugin and agent use it for port forwarding) over any
/// duplex byte pipe: streams opened here or accepted from the peer, PSH data split at
/// <see cref="SmuxOptions.MaxFrameSize"/>, FIN to close, NOP ignored. Client streams get odd ids from 3, server
/// streams even ids from 2, as smux numbers them. Backpressure: writes wait for the transport to flush; reading
/// from the transport stops while <see cref="SmuxOptions.MaxReceiveBuffer"/> bytes are unread by the streams.
/// </summary>
public sealed class SmuxSession : IAsyncDisposable
{
    private readonly IDuplexPipe _transport;
    private readonly SmuxOptions _options;
    private readonly Dictionary<uint, SmuxStream> _streams = [];
    private readonly Lock _streamsLock = new();
    private readonly Channel<SmuxStream> _accepts = Channel.CreateUnbounded<SmuxStream>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _tokenLock = new();
    private TaskCompletionSource? _tokenWaiter;
    private int _bucket;
    private uint _nextStreamId;
    private int _closed;

    private SmuxSession(IDuplexPipe transport, bool isClient, SmuxOptions? options)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        _options = options ?? new SmuxOptions();
        _options.Validate();
        _bucket = _options.MaxReceiveBuffer;
        _nextStreamId = isClient ? 1u : 0u;
        Completion = Task.Run(ReadLoopAsync);
    }

    /// <summary>The session on the side that opens streams for accepted local connections (the client).</summary>
    public static SmuxSession Client(IDuplexPipe transport, SmuxOptions? options = null) => new(transport, true, options);

    /// <summary>The session on the side that dials destinations (the agent).</summary>
    public static SmuxSession Server(IDuplexPipe transport, SmuxOptions? options = null) => new(transport, false, options);

    /// <summary>Completes when the session ends: normally at the transport's end or on dispose, faulted on a protocol or transport error.</summary>
    public Task Completion { get; }

    public SmuxOptions Options => _options;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Streams open in this session.</summary>
    public int StreamCount { get { lock (_streamsLock) { return _streams.Count; } } }

    /// <summary>Opens a stream: registers it and sends SYN.</summary>
    public async ValueTask<SmuxStream> OpenStreamAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        SmuxStream stream;
        lock (_streamsLock)
        {
            if (_nextStreamId > uint.MaxValue - 2)
            {
                throw new IOException("smux stream ids are exhausted; open a new session");
            }
            _nextStreamId += 2;
            stream = new SmuxStream(this, _nextStreamId);
            _streams.Add(stream.Id, stream);
        }
        try
        {
            await WriteFrameAsync(SmuxCommand.Syn, stream.Id, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            Forget(stream.Id);
            throw;
        }
        return stream;
    }

    /// <summary>Waits for the peer to open a stream.</summary>
    /// <exception cref="IOException">The session ended.</exception>
    public async ValueTask<SmuxStream> AcceptStreamAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _accepts.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new IOException("the smux session has ended", e.InnerException ?? e);
        }
    }

    /// <summary>Ends the session: the transport's writer is completed and every stream sees the end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        await _shutdown.CancelAsync().ConfigureAwait(false);
        _transport.Input.CancelPendingRead();
        // A write stuck on a peer that stopped reading would otherwise hold the write lock forever.
        _transport.Output.CancelPendingFlush();
        SignalTokens();
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _transport.Output.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The read loop's failure is the caller's to observe through Completion; disposing only ends the session.
        }
    }

    internal ValueTask WriteFrameAsync(SmuxCommand command, uint streamId, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        WriteFramesAsync(command, streamId, data, cancellationToken);

    /// <summary>
    /// Writes <paramref name="data"/> as as many frames of at most <see cref="SmuxOptions.MaxFrameSize"/> as it takes
    /// (one frame when empty), then flushes once: the data channel's pump then wakes once for the whole buffer and
    /// cuts it into the largest messages the channel allows, instead of once per 64 KiB frame.
    /// </summary>
    internal async ValueTask WriteFramesAsync(SmuxCommand command, uint streamId, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsClosed)
            {
                throw new IOException("the smux session has ended");
            }
            var frameSize = _options.MaxFrameSize;
            do
            {
                var chunk = data.Span[..Math.Min(frameSize, data.Length)];
                WriteFrame(_transport.Output, new SmuxHeader(command, (ushort)chunk.Length, streamId), chunk);
                data = data[chunk.Length..];
            }
            while (!data.IsEmpty);
            var flush = await _transport.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flush.IsCanceled)
            {
                throw new IOException("the smux session has ended");
            }
            if (flush.IsCompleted)
            {
                throw new IOException("the smux transport no longer accepts data");
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    internal void ReturnTokens(int count)
    {
        if (Interlocked.Add(ref _bucket, count) > 0)
        {
            SignalTokens();
        }
    }

    internal void Forget(uint streamId)
    {
        lock (_streamsLock)
        {
            _streams.Remove(streamId);
        }
    }

    private static void WriteFrame(PipeWriter output, SmuxHeader header, ReadOnlySpan<byte> data)
    {
        var span = output.GetSpan(SmuxHeader.Size + data.Length);
        header.Write(span);
        data.CopyTo(span[SmuxHeader.Size..]);
        output.Advance(SmuxHeader.Size + data.Length);
    }

    private async Task ReadLoopAsync()
    {
        var input = _transport.Input;
        Exception? failure = null;
        try
        {
            while (true)
            {
                await WaitForTokensAsync().ConfigureAwait(false);
                if (IsClosed)
                {
                    break;
                }
                var result = await input.ReadAsync(_shutdown.Token).ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break;
                }
                var buffer = result.Buffer;
                var (consumed, needMore) = ProcessFrames(buffer);
                input.AdvanceTo(consumed, needMore ? buffer.End : consumed);
                if (result.IsCompleted && needMore)
                {
                    var left = buffer.Slice(consumed).Length;
                    if (left != 0)
                    {
                        throw new SmuxProtocolException($"the smux transport ended inside a frame ({left} bytes left over)");
                    }
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (IsClosed)
        {
        }
        catch (IOException e)
        {
            failure = e;
            throw;
        }
        finally
        {
            Interlocked.Exchange(ref _closed, 1);
            await input.CompleteAsync(failure).ConfigureAwait(false);
            SmuxStream[] streams;
            lock (_streamsLock)
            {
                streams = [.. _streams.Values];
                _streams.Clear();
            }
            foreach (var stream in streams)
            {
                stream.OnSessionEnded(failure);
            }
            _accepts.Writer.TryComplete(failure);
        }
    }

    private (SequencePosition Consumed, bool NeedMore) ProcessFrames(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        Span<byte> headerBytes = stackalloc byte[SmuxHeader.Size];
        // Like smux, stop taking frames once the unread bytes of all streams reach the receive buffer.
        while (Volatile.Read(ref _bucket) > 0)
        {
            if (!reader.TryCopyTo(headerBytes))
            {
                return (reader.Position, true);
            }
            var header = SmuxHeader.Read(headerBytes);
            if (reader.Remaining < SmuxHeader.Size + header.Length)
            {
                return (reader.Position, true);
            }
            reader.Advance(SmuxHeader.Size);
            switch (header.Command)
            {
                case SmuxCommand.Syn:
                    OnSyn(header.StreamId);
                    break;
                case SmuxCommand.Fin:
                    Find(header.StreamId)?.OnRemoteFin();
                    break;
                case SmuxCommand.Psh when header.Length > 0:
                    OnPush(header.StreamId, buffer.Slice(reader.Position, header.Length));
                    reader.Advance(header.Length);
                    break;
            }
        }
        return (reader.Position, false);
    }

    private void OnSyn(uint streamId)
    {
        SmuxStream stream;
        lock (_streamsLock)
        {
            if (_streams.ContainsKey(streamId))
            {
                return;
            }
            stream = new SmuxStream(this, streamId);
            _streams.Add(streamId, stream);
        }
        _accepts.Writer.TryWrite(stream);
    }

    private void OnPush(uint streamId, ReadOnlySequence<byte> data)
    {
        // Data for a stream closed here (or never opened) is dropped, as smux does.
        if (Find(streamId) is { } stream && stream.Enqueue(data))
        {
            Interlocked.Add(ref _bucket, -(int)data.Length);
        }
    }

    private SmuxStream? Find(uint streamId)
    {
        lock (_streamsLock)
        {
            return _streams.GetValueOrDefault(streamId);
        }
    }

    private Task WaitForTokensAsync()
    {
        lock (_tokenLock)
        {
            if (Volatile.Read(ref _bucket) > 0 || IsClosed)
            {
                return Task.CompletedTask;
            }
            _tokenWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _tokenWaiter.Task;
        }
    }

    private void SignalTokens()
    {
        TaskCompletionSource? waiter;
        lock (_tokenLock)
        {
            waiter = _tokenWaiter;
            _tokenWaiter = null;
        }
        waiter?.TrySetResult();
    }
}

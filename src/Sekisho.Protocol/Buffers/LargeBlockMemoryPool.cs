using System.Buffers;
using System.Collections.Concurrent;

namespace Sekisho.Protocol.Buffers;

/// <summary>
/// Pipe buffers in 64 KiB pinned blocks, kept for reuse, instead of the 4 KiB arrays of <see cref="MemoryPool{T}.Shared"/>.
/// The server's Kestrel reads each socket into one block at a time, so a tunnel moving hundreds of MB/s made one recv
/// (and one pipe segment, one SslStream read and one thread-pool hop) per 4 KiB; with 64 KiB blocks it makes up to 16
/// times fewer (Kestrel waits for data before it takes a block, so idle connections hold none). A data channel's pipes
/// hold up to a fast-mode window (16 MiB) unread: more 4 KiB arrays than the shared pool keeps, so the rest were
/// allocated anew and collected.
/// </summary>
public sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    /// <summary>One pool for a process's data-channel pipes (Kestrel creates its own through a factory).</summary>
    public static LargeBlockMemoryPool ForDataChannels { get; } = new();

    public const int BlockSize = 64 * 1024;

    /// <summary>
    /// Blocks kept for reuse at most (16 MiB): a burst (thousands of agents reporting at once) takes more, and those
    /// go back to the collector instead of staying pinned for the process's life.
    /// </summary>
    public const int MaxRetained = 256;

    /// <summary>
    /// How often the pool checks for idleness: blocks kept while nothing was rented for a whole period are released,
    /// so a daemon (the agent, the server) does not hold a burst's 16 MiB pinned for the rest of its life.
    /// </summary>
    public static readonly TimeSpan IdleCheckPeriod = TimeSpan.FromMinutes(1);

    private readonly ConcurrentQueue<Block> _free = new();
    private readonly ITimer _idleCheck;
    private int _retained;
    private int _rentedSinceCheck;

    public LargeBlockMemoryPool(TimeProvider? time = null)
    {
        // The timer holds the pool weakly, so an undisposed pool can still be collected.
        _idleCheck = (time ?? TimeProvider.System).CreateTimer(static state =>
        {
            if (((WeakReference<LargeBlockMemoryPool>)state!).TryGetTarget(out var pool)) pool.ReleaseIfIdle();
        }, new WeakReference<LargeBlockMemoryPool>(this), IdleCheckPeriod, IdleCheckPeriod);
    }

    public override int MaxBufferSize => BlockSize;

    /// <summary>Blocks waiting in the pool for reuse.</summary>
    public int RetainedCount => Volatile.Read(ref _retained);

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockSize) throw new ArgumentOutOfRangeException(nameof(minBufferSize), minBufferSize, $"blocks are {BlockSize} bytes");
        if (Volatile.Read(ref _rentedSinceCheck) == 0) Volatile.Write(ref _rentedSinceCheck, 1);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _retained);
            block.Leased = true;
            return block;
        }
        return new Block(this);
    }

    /// <summary>
    /// Releases every kept block when nothing was rented since the previous call (the timer calls this every
    /// <see cref="IdleCheckPeriod"/>); blocks in use are unaffected and come back to the pool as usual.
    /// </summary>
    public void ReleaseIfIdle()
    {
        if (Interlocked.Exchange(ref _rentedSinceCheck, 0) != 0) return;
        while (_free.TryDequeue(out _)) Interlocked.Decrement(ref _retained);
    }

    protected override void Dispose(bool disposing)
    {
        _idleCheck.Dispose();
        _free.Clear();
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _retained) > MaxRetained)
        {
            Interlocked.Decrement(ref _retained);
            return;
        }
        _free.Enqueue(block);
    }

    private sealed class Block(LargeBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        // Pinned (pinned object heap) because the socket transport pins every buffer it reads into.
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

        public bool Leased { get; set; } = true;

        public Memory<byte> Memory => _array;

        public void Dispose()
        {
            if (!Leased) return;
            Leased = false;
            pool.Return(this);
        }
    }
}

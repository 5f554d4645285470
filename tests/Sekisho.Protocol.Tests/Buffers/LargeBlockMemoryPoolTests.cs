using Sekisho.Protocol.Buffers;

namespace Sekisho.Protocol.Tests.Buffers;

public sealed class LargeBlockMemoryPoolTests
{
    [Fact]
    public void Blocks_are_64_KiB_whatever_size_is_asked_and_are_reused_once_returned()
    {
        using var pool = new LargeBlockMemoryPool();
        var first = pool.Rent(1);
        Assert.Equal(LargeBlockMemoryPool.BlockSize, first.Memory.Length);
        Assert.Equal(LargeBlockMemoryPool.BlockSize, pool.Rent().Memory.Length);
        first.Dispose();
        var again = pool.Rent(4096);
        Assert.Same(first, again);
    }

    [Fact]
    public void A_block_disposed_twice_is_handed_out_once()
    {
        using var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();
        block.Dispose();
        block.Dispose();
        var a = pool.Rent();
        var b = pool.Rent();
        Assert.NotSame(a, b);
    }

    [Fact]
    public void More_than_a_block_is_refused()
    {
        using var pool = new LargeBlockMemoryPool();
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(LargeBlockMemoryPool.BlockSize + 1));
    }

    [Fact]
    public void Blocks_beyond_the_retention_limit_are_not_kept()
    {
        using var pool = new LargeBlockMemoryPool();
        var rented = new List<IDisposable>();
        for (var i = 0; i < LargeBlockMemoryPool.MaxRetained + 10; i++) rented.Add(pool.Rent());
        foreach (var block in rented) block.Dispose();
        Assert.Equal(LargeBlockMemoryPool.MaxRetained, pool.RetainedCount);
    }

    [Fact]
    public void Kept_blocks_are_released_after_a_period_with_nothing_rented()
    {
        using var pool = new LargeBlockMemoryPool();
        var rented = new List<IDisposable>();
        for (var i = 0; i < 10; i++) rented.Add(pool.Rent());
        foreach (var block in rented) block.Dispose();
        Assert.Equal(10, pool.RetainedCount);
        // Blocks were rented since the last check: the pool is in use, it keeps them.
        pool.ReleaseIfIdle();
        Assert.Equal(10, pool.RetainedCount);
        // A whole period without a rent: released.
        pool.ReleaseIfIdle();
        Assert.Equal(0, pool.RetainedCount);
        // A block in use when the pool was trimmed still comes back, and is kept again.
        var inUse = pool.Rent();
        pool.ReleaseIfIdle();
        pool.ReleaseIfIdle();
        inUse.Dispose();
        Assert.Equal(1, pool.RetainedCount);
        Assert.Same(inUse, pool.Rent());
    }

    [Fact]
    public void The_idle_check_runs_on_a_timer_every_period()
    {
        var time = new CapturingTimeProvider();
        using var pool = new LargeBlockMemoryPool(time);
        Assert.Equal(LargeBlockMemoryPool.IdleCheckPeriod, time.Period);
        pool.Rent().Dispose();
        time.Fire();
        Assert.Equal(1, pool.RetainedCount);
        time.Fire();
        Assert.Equal(0, pool.RetainedCount);
    }

    /// <summary>Records the one timer a pool creates, and fires it on demand.</summary>
    private sealed class CapturingTimeProvider : TimeProvider
    {
        private TimerCallback? _callback;
        private object? _state;

        public TimeSpan Period { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            (_callback, _state, Period) = (callback, state, period);
            return new InertTimer();
        }

        public void Fire() => _callback!(_state);

        private sealed class InertTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}

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
}

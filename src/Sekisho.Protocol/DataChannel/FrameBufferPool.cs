using System.Buffers;

namespace Sekisho.Protocol.DataChannel;

/// <summary>
/// The pool for data-channel frames held while unacknowledged or queued for a socket. Fast mode keeps a window of
/// 64 KiB frames (hundreds of them) in flight: more than <see cref="ArrayPool{T}.Shared"/> keeps per size, so frames
/// returned to it were dropped and new ones allocated on the large object heap (zeroed pages, gen-2 collections).
/// This pool keeps enough of each size for a whole window.
/// </summary>
public static class FrameBufferPool
{
    /// <summary>Frames up to 1 MiB (the relay's limit) are pooled; 1,024 arrays per size.</summary>
    public static ArrayPool<byte> Shared { get; } = ArrayPool<byte>.Create(1024 * 1024 + 4096, 1024);
}

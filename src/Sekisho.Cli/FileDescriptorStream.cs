using System.Runtime.InteropServices;

namespace Sekisho.Cli;

/// <summary>
/// A stream on a file descriptor the process inherited (0 or 1), reading and writing with read(2) and write(2) as any
/// Unix tool does, so the descriptor's offset moves with every byte. A <see cref="FileStream"/> on a regular file uses
/// pread/pwrite at a position of its own instead and leaves the shared offset where it was: in
/// <c>{ echo a; sekisho session start ...; echo b; } &gt; out</c> the shell then wrote "b" over the session's output,
/// and with stdin from a file the session read again the MFA code line read before it. Async calls run the blocking
/// call on the thread pool, as a FileStream does for pipes and terminals. Not owned: disposing leaves the descriptor open.
/// </summary>
public sealed partial class FileDescriptorStream(int fd, FileAccess access) : Stream
{
    private const int EINTR = 4;

    public override bool CanRead => access.HasFlag(FileAccess.Read);

    public override bool CanWrite => access.HasFlag(FileAccess.Write);

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override unsafe int Read(Span<byte> buffer)
    {
        if (!CanRead) throw new NotSupportedException($"file descriptor {fd} was opened for writing");
        if (buffer.IsEmpty) return 0;
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = read(fd, p, buffer.Length);
                if (n >= 0) return (int)n;
                var errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR) throw new IOException($"reading file descriptor {fd} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        if (!CanWrite) throw new NotSupportedException($"file descriptor {fd} was opened for reading");
        fixed (byte* p = buffer)
        {
            var written = 0;
            while (written < buffer.Length)
            {
                var n = write(fd, p + written, buffer.Length - written);
                if (n >= 0)
                {
                    written += (int)n;
                    continue;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR) throw new IOException($"writing file descriptor {fd} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Task.Run(() => Read(buffer.Span), cancellationToken));

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Task.Run(() => Write(buffer.Span), cancellationToken));

    public override void Flush()
    {
        // Nothing is buffered: every Write is a write(2).
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint write(int fd, byte* buffer, nint count);
}

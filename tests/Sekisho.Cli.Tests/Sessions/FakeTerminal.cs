using System.IO.Pipelines;
using Sekisho.Cli.Sessions;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Tests.Sessions;

/// <summary>A terminal made of a pipe for stdin and a recording stream for stdout, with a settable size.</summary>
internal sealed class FakeTerminal(bool isTerminal, TerminalSize? size = null) : ISessionTerminal
{
    private readonly Pipe _stdin = new();
    private readonly LockedMemoryStream _stdout = new();
    private Action? _onResize;

    public Stream Input => _stdin.Reader.AsStream();

    public Stream Output => _stdout;

    public bool IsInputTerminal => isTerminal;

    public TerminalSize? Size { get; set; } = size;

    public int RawModeEntered { get; private set; }

    public int RawModeLeft { get; private set; }

    public TerminalSize? GetSize() => isTerminal ? Size : null;

    public IDisposable EnterRawMode()
    {
        RawModeEntered++;
        return new Callback(() => RawModeLeft++);
    }

    public IDisposable WatchResize(Action onResize)
    {
        _onResize = onResize;
        return new Callback(() => _onResize = null);
    }

    public void Resize(TerminalSize size)
    {
        Size = size;
        _onResize?.Invoke();
    }

    public async Task TypeAsync(byte[] bytes)
    {
        await _stdin.Writer.WriteAsync(bytes);
    }

    public Task CloseInputAsync() => _stdin.Writer.CompleteAsync().AsTask();

    public byte[] Written => _stdout.Snapshot();

    private sealed class Callback(Action action) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) action();
        }
    }

    private sealed class LockedMemoryStream : MemoryStream
    {
        private readonly Lock _gate = new();

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_gate) base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_gate) base.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public byte[] Snapshot()
        {
            lock (_gate) return ToArray();
        }
    }
}

using System.Runtime.InteropServices;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Sessions;

/// <summary>
/// The process's own stdin and stdout: raw mode through termios (<c>cfmakeraw</c>, restored on dispose, on
/// Ctrl-C/SIGTERM and at process exit), the size through <c>TIOCGWINSZ</c>, resizes through SIGWINCH.
/// </summary>
public sealed class ProcessTerminal : ISessionTerminal
{
    public ProcessTerminal()
    {
        Input = RawStandardStreams.OpenInput();
        Output = RawStandardStreams.OpenOutput();
        IsInputTerminal = OperatingSystem.IsLinux() && TerminalNative.isatty(TerminalNative.StdinFileno) == 1;
    }

    public Stream Input { get; }

    public Stream Output { get; }

    public bool IsInputTerminal { get; }

    public TerminalSize? GetSize()
    {
        if (!IsInputTerminal)
        {
            return null;
        }
        foreach (var fd in new[] { TerminalNative.StdoutFileno, TerminalNative.StdinFileno })
        {
            if (TerminalNative.ioctl(fd, TerminalNative.TiocGWinSz, out var size) == 0 && size.Cols > 0 && size.Rows > 0)
            {
                return new TerminalSize(size.Cols, size.Rows);
            }
        }
        return null;
    }

    public IDisposable EnterRawMode()
    {
        if (!IsInputTerminal)
        {
            return NoOp.Instance;
        }
        var original = new byte[TerminalNative.TermiosBufferSize];
        if (TerminalNative.tcgetattr(TerminalNative.StdinFileno, original) != 0)
        {
            throw new CliException($"cannot read the terminal settings (tcgetattr: errno {Marshal.GetLastPInvokeError()})");
        }
        var raw = (byte[])original.Clone();
        TerminalNative.cfmakeraw(raw);
        if (TerminalNative.tcsetattr(TerminalNative.StdinFileno, TerminalNative.TcsaNow, raw) != 0)
        {
            throw new CliException($"cannot put the terminal in raw mode (tcsetattr: errno {Marshal.GetLastPInvokeError()})");
        }
        return new RawMode(original);
    }

    public IDisposable WatchResize(Action onResize)
    {
        ArgumentNullException.ThrowIfNull(onResize);
        if (!IsInputTerminal || OperatingSystem.IsWindows())
        {
            return NoOp.Instance;
        }
        return PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context =>
        {
            context.Cancel = true;
            onResize();
        });
    }

    /// <summary>Restores the saved settings once, whichever way the process leaves raw mode.</summary>
    private sealed class RawMode : IDisposable
    {
        private readonly byte[] _original;
        private readonly PosixSignalRegistration _interrupt;
        private readonly PosixSignalRegistration _terminate;
        private readonly PosixSignalRegistration _hangup;
        private int _restored;

        public RawMode(byte[] original)
        {
            _original = original;
            AppDomain.CurrentDomain.ProcessExit += OnExit;
            // In raw mode Ctrl-C reaches the remote shell as a byte; these fire only for signals from elsewhere.
            _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Restore());
            _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Restore());
            _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => Restore());
        }

        public void Dispose()
        {
            Restore();
            AppDomain.CurrentDomain.ProcessExit -= OnExit;
            _interrupt.Dispose();
            _terminate.Dispose();
            _hangup.Dispose();
        }

        private void OnExit(object? sender, EventArgs e) => Restore();

        private void Restore()
        {
            if (Interlocked.Exchange(ref _restored, 1) == 0)
            {
                _ = TerminalNative.tcsetattr(TerminalNative.StdinFileno, TerminalNative.TcsaNow, _original);
            }
        }
    }

    private sealed class NoOp : IDisposable
    {
        public static readonly NoOp Instance = new();

        public void Dispose()
        {
        }
    }
}

using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace Sekisho.Agent.Native;

/// <summary>
/// A PTY master opened in this process; the child opens <see cref="SlavePath"/> itself, so this process never
/// holds the slave and reading the master ends (EIO) when the last child closes it. Reads block a thread: call
/// <see cref="Read"/> from a dedicated loop.
/// </summary>
internal sealed class PseudoTerminal : IDisposable
{
    private int _master;

    private PseudoTerminal(int master, string slavePath)
    {
        _master = master;
        SlavePath = slavePath;
    }

    public string SlavePath { get; }

    public static unsafe PseudoTerminal Open(ushort cols, ushort rows)
    {
        var master = Libc.PosixOpenPt(Libc.ORdWr | Libc.ONoCtty | Libc.OCloExec);
        if (master < 0)
        {
            throw Error("posix_openpt");
        }
        try
        {
            if (Libc.GrantPt(master) != 0)
            {
                throw Error("grantpt");
            }
            if (Libc.UnlockPt(master) != 0)
            {
                throw Error("unlockpt");
            }
            var buffer = stackalloc byte[128];
            var rc = Libc.PtsNameR(master, buffer, 128);
            if (rc != 0)
            {
                throw new Win32Exception(rc, "ptsname_r failed");
            }
            var path = Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(buffer));
            var pty = new PseudoTerminal(master, path);
            pty.Resize(cols, rows);
            return pty;
        }
        catch
        {
            Libc.Close(master);
            throw;
        }
    }

    /// <summary>Sets the window size; the kernel sends SIGWINCH to the foreground process group.</summary>
    public void Resize(ushort cols, ushort rows)
    {
        var size = new Libc.WinSize { Cols = cols, Rows = rows };
        if (Libc.IoctlWinSize(Master(), Libc.TiocSWinSz, ref size) != 0)
        {
            throw Error("ioctl(TIOCSWINSZ)");
        }
    }

    /// <summary>Reads output; 0 when the child side is closed (EIO from the master).</summary>
    public unsafe int Read(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = Libc.Read(Master(), p, (nuint)buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EIntr)
                {
                    continue;
                }
                // EIO: every slave descriptor is closed (the session's processes are gone); EBADF: we closed it.
                return 0;
            }
        }
    }

    /// <summary>Writes input (keystrokes, Ctrl-C as 0x03) to the terminal.</summary>
    public unsafe void Write(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            var offset = 0;
            while (offset < data.Length)
            {
                var n = Libc.Write(Master(), p + offset, (nuint)(data.Length - offset));
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Libc.EIntr)
                    {
                        continue;
                    }
                    throw Error("write to the PTY");
                }
                offset += (int)n;
            }
        }
    }

    /// <summary>Closes the master: the kernel hangs up the terminal (SIGHUP to the session).</summary>
    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _master, -1);
        if (fd >= 0)
        {
            Libc.Close(fd);
        }
    }

    private int Master()
    {
        var fd = Volatile.Read(ref _master);
        ObjectDisposedException.ThrowIf(fd < 0, this);
        return fd;
    }

    private static Win32Exception Error(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new Win32Exception(errno, $"{call} failed: {Marshal.GetPInvokeErrorMessage(errno)}");
    }
}

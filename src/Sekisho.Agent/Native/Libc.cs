using System.Runtime.InteropServices;

namespace Sekisho.Agent.Native;

/// <summary>The few libc calls the agent needs (PTY, terminal size, the password database, signals). Linux only.</summary>
internal static partial class Libc
{
    private const string Library = "libc";

    internal const int ORdWr = 0x2;
    internal const int ONoCtty = 0x100;
    internal const int OCloExec = 0x80000;

    /// <summary>TIOCSWINSZ on Linux (x86-64 and arm64 share the generic value).</summary>
    internal const nuint TiocSWinSz = 0x5414;
    internal const nuint TiocGWinSz = 0x5413;

    internal const int SigHup = 1;
    internal const int SigKill = 9;
    internal const int SigTerm = 15;

    internal const int ERange = 34;
    internal const int EIntr = 4;

    [StructLayout(LayoutKind.Sequential)]
    internal struct WinSize
    {
        public ushort Rows;
        public ushort Cols;
        public ushort XPixel;
        public ushort YPixel;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Passwd
    {
        public IntPtr Name;
        public IntPtr Password;
        public uint Uid;
        public uint Gid;
        public IntPtr Gecos;
        public IntPtr Dir;
        public IntPtr Shell;
    }

    [LibraryImport(Library, EntryPoint = "posix_openpt", SetLastError = true)]
    internal static partial int PosixOpenPt(int flags);

    [LibraryImport(Library, EntryPoint = "grantpt", SetLastError = true)]
    internal static partial int GrantPt(int fd);

    [LibraryImport(Library, EntryPoint = "unlockpt", SetLastError = true)]
    internal static partial int UnlockPt(int fd);

    [LibraryImport(Library, EntryPoint = "ptsname_r", SetLastError = true)]
    internal static unsafe partial int PtsNameR(int fd, byte* buffer, nuint length);

    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int IoctlWinSize(int fd, nuint request, ref WinSize size);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    internal static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    internal static unsafe partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    [LibraryImport(Library, EntryPoint = "getpwnam_r", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int GetPwNamR(string name, ref Passwd passwd, byte* buffer, nuint length, out IntPtr result);

    [LibraryImport(Library, EntryPoint = "geteuid")]
    internal static partial uint GetEuid();
}

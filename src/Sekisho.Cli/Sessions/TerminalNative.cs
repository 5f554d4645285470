using System.Runtime.InteropServices;

namespace Sekisho.Cli.Sessions;

/// <summary>The libc calls for terminal raw mode and size (Linux).</summary>
internal static partial class TerminalNative
{
    public const int StdinFileno = 0;
    public const int StdoutFileno = 1;
    public const int TcsaNow = 0;

    // TIOCGWINSZ on Linux (all architectures .NET runs on there).
    public const ulong TiocGWinSz = 0x5413;

    // glibc's struct termios is 60 bytes; a larger opaque buffer keeps this independent of its exact layout.
    public const int TermiosBufferSize = 256;

    [StructLayout(LayoutKind.Sequential)]
    public struct WinSize
    {
        public ushort Rows;
        public ushort Cols;
        public ushort XPixels;
        public ushort YPixels;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int isatty(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int tcgetattr(int fd, [Out] byte[] termios);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int tcsetattr(int fd, int optionalActions, [In] byte[] termios);

    [LibraryImport("libc")]
    public static partial void cfmakeraw([In, Out] byte[] termios);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ioctl(int fd, ulong request, out WinSize size);
}

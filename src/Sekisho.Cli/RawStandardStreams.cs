using Microsoft.Win32.SafeHandles;

namespace Sekisho.Cli;

/// <summary>
/// Streams straight on the process's file descriptors 0 and 1. <see cref="Console.OpenStandardInput()"/> will not do
/// for a terminal: there it reads through .NET's own line editor (echo, line buffering), which raw mode must get rid
/// of, and an MFA code read through it could take bytes meant for the session.
/// </summary>
public static class RawStandardStreams
{
    public static FileStream OpenInput() => Open(0, FileAccess.Read);

    public static FileStream OpenOutput() => Open(1, FileAccess.Write);

    private static FileStream Open(int fd, FileAccess access) => new(new SafeFileHandle(fd, ownsHandle: false), access, bufferSize: 0);
}

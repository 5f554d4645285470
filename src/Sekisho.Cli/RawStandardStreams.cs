namespace Sekisho.Cli;

/// <summary>
/// Streams straight on the process's file descriptors 0 and 1. <see cref="Console.OpenStandardInput()"/> will not do
/// for a terminal: there it reads through .NET's own line editor (echo, line buffering), which raw mode must get rid
/// of, and an MFA code read through it could take bytes meant for the session. They are <see cref="FileDescriptorStream"/>s,
/// not FileStreams, so that stdin and stdout redirected to regular files behave as for any Unix tool.
/// </summary>
public static class RawStandardStreams
{
    public static Stream OpenInput() => new FileDescriptorStream(0, FileAccess.Read);

    public static Stream OpenOutput() => new FileDescriptorStream(1, FileAccess.Write);
}

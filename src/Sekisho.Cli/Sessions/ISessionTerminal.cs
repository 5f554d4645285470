using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Sessions;

/// <summary>
/// The local end of a session: raw stdin and stdout, whether stdin is a terminal, its size and raw mode, and resize
/// notifications. <see cref="ProcessTerminal"/> for the real process; tests give streams.
/// </summary>
public interface ISessionTerminal
{
    /// <summary>Bytes typed or piped in.</summary>
    Stream Input { get; }

    /// <summary>Where remote output goes, byte for byte.</summary>
    Stream Output { get; }

    /// <summary>Whether stdin is a terminal (raw mode and sizes apply only then).</summary>
    bool IsInputTerminal { get; }

    /// <summary>The terminal's size, or null when not a terminal.</summary>
    TerminalSize? GetSize();

    /// <summary>Puts the terminal in raw mode until the result is disposed; a no-op when not a terminal.</summary>
    IDisposable EnterRawMode();

    /// <summary>Calls <paramref name="onResize"/> on every resize (SIGWINCH) until the result is disposed.</summary>
    IDisposable WatchResize(Action onResize);
}

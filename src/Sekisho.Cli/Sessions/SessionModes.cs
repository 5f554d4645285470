namespace Sekisho.Cli.Sessions;

/// <summary>
/// The client's session modes in the order they are asked (<see cref="ISessionMode.Handles"/>). Port and SSH modes
/// (tunnels) go before the shell, which takes every Standard_Stream session that no earlier mode claimed.
/// </summary>
public static class SessionModes
{
    public static IReadOnlyList<ISessionMode> Create(ISessionTerminal terminal) =>
    [
        new Tunnels.PortForwardingSessionMode(),
        new Tunnels.SshSessionMode(terminal),
        new NonInteractiveSessionMode(terminal),
        new ShellSessionMode(terminal),
    ];

    /// <summary>The first mode that handles <paramref name="session"/>.</summary>
    /// <exception cref="CliException">No mode does (e.g. a Port session before port forwarding exists in this client).</exception>
    public static ISessionMode Select(IReadOnlyList<ISessionMode> modes, SessionTypeInfo session, SessionStartOptions options)
    {
        ArgumentNullException.ThrowIfNull(modes);
        ArgumentNullException.ThrowIfNull(session);
        foreach (var mode in modes)
        {
            if (mode.Handles(session, options))
            {
                return mode;
            }
        }
        throw new CliException($"this client cannot run a session of type {session.RequestedSessionType}" +
                               (session.Property("type") is { } type ? $" ({type})" : ""));
    }
}

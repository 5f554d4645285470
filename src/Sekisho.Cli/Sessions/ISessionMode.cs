namespace Sekisho.Cli.Sessions;

/// <summary>
/// What the client does with an open data channel once the session type is known: a shell, a command's output,
/// a port forward, SSH's stdin/stdout. The first mode of <see cref="SessionModes"/> whose <see cref="Handles"/>
/// says yes runs the session.
/// </summary>
public interface ISessionMode
{
    /// <summary>Whether this mode runs sessions of this kind.</summary>
    bool Handles(SessionTypeInfo session, SessionStartOptions options);

    /// <summary>Runs the session to its end and returns the process exit code (the remote one for shells and commands).</summary>
    Task<int> RunAsync(DataChannelClient client, SessionStartOptions options, CliConsole console, CancellationToken cancellationToken);
}

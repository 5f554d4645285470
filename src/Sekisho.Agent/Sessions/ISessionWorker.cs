using Sekisho.Protocol.AgentChannel;

namespace Sekisho.Agent.Sessions;

/// <summary>
/// Runs one kind of session on the node (shell, commands, port, SSH). The agent host picks the first registered
/// worker whose <see cref="Handles"/> is true for a <c>start_session</c> (see <see cref="SessionWorkerRegistration"/>).
/// </summary>
public interface ISessionWorker
{
    /// <summary>Whether this worker runs the session that <paramref name="start"/> (a <c>start_session</c>) asks for.</summary>
    bool Handles(AgentControlMessage start);

    /// <summary>
    /// Runs the session until it ends: returns the exit code for shells and commands (the host sends it as an
    /// ExitCode payload and in <c>session_ended</c>), null for port and SSH sessions. Call
    /// <see cref="SessionWorkerContext.ReportStarted"/> once the session really runs; throw
    /// <see cref="SessionFailedException"/> with a message a human can act on when it cannot start.
    /// <paramref name="cancellationToken"/> is cancelled on <c>terminate_session</c>, when the client sends Flag
    /// TerminateSession, or when the agent stops: end the session promptly then.
    /// </summary>
    Task<int?> RunAsync(SessionWorkerContext context, CancellationToken cancellationToken);
}

using Sekisho.Agent.Workers;
using Sekisho.Protocol.AgentChannel;

namespace Sekisho.Agent.Sessions;

/// <summary>
/// The session workers the agent runs, in the order they are asked: the first whose
/// <see cref="ISessionWorker.Handles"/> is true runs the session. Port and SSH workers (issue 6) go before the
/// generic ones so an SSH document is not taken for a plain port forward.
/// </summary>
public static class SessionWorkerRegistration
{
    public static IReadOnlyList<ISessionWorker> CreateDefault(SessionWorkerServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return
        [
            new Tunnels.PortForwardingWorker(),
            new Tunnels.SshWorker(),
            new ShellWorker(services.Users),
            new InteractiveCommandsWorker(services.Users),
            new NonInteractiveCommandsWorker(services.Users),
        ];
    }

    /// <summary>The worker for <paramref name="start"/>, or null when none handles it.</summary>
    public static ISessionWorker? Select(IReadOnlyList<ISessionWorker> workers, AgentControlMessage start)
    {
        ArgumentNullException.ThrowIfNull(workers);
        ArgumentNullException.ThrowIfNull(start);
        foreach (var worker in workers)
        {
            if (worker.Handles(start))
            {
                return worker;
            }
        }
        return null;
    }
}

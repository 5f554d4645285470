using Sekisho.Agent.RunAs;
using Sekisho.Agent.Sessions;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Agent.Workers;

/// <summary>InteractiveCommands: the document's command on a PTY as the Run As user (its login shell runs it with -c).</summary>
public sealed class InteractiveCommandsWorker(RunAsUsers users) : ISessionWorker
{
    public bool Handles(AgentControlMessage start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return start.SessionType == SessionTypes.InteractiveCommands;
    }

    public async Task<int?> RunAsync(SessionWorkerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var commands = SessionCommands.Get(context);
        var user = await users.ResolveAsync(context.Start, context.InstanceId, cancellationToken).ConfigureAwait(false);
        return await PtySession.RunAsync(context, user, commands, profile: null, cancellationToken).ConfigureAwait(false);
    }
}

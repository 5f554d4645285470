using Sekisho.Agent.RunAs;
using Sekisho.Agent.Sessions;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Agent.Workers;

/// <summary>Standard_Stream: an interactive login shell on a PTY as the Run As user, the shell profile typed first.</summary>
public sealed class ShellWorker(RunAsUsers users) : ISessionWorker
{
    public bool Handles(AgentControlMessage start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return start.SessionType is null or SessionTypes.StandardStream;
    }

    public async Task<int?> RunAsync(SessionWorkerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = await users.ResolveAsync(context.Start, context.InstanceId, cancellationToken).ConfigureAwait(false);
        return await PtySession.RunAsync(context, user, command: null, context.Start.ShellProfile, cancellationToken).ConfigureAwait(false);
    }
}

using Sekisho.Protocol.AgentChannel;
using Sekisho.Server.Nodes;

namespace Sekisho.Server.Sessions;

/// <summary>The agent's session reports (session_started, session_failed, session_ended) and its disconnection.</summary>
public sealed class SessionAgentMessages(SessionRelay relay) : IAgentMessageHandler
{
    /// <summary>How long to let the agent's last output frames reach the client before channel_closed.</summary>
    private static readonly TimeSpan DrainDelay = TimeSpan.FromMilliseconds(300);

    public async ValueTask OnAgentMessageAsync(string instanceId, AgentControlMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.SessionId is not { } id || !relay.TryGetLive(id, out var session) || session.Record.Target != instanceId) return;
        switch (message.Type)
        {
            case AgentMessageTypes.SessionStarted:
                await relay.UpdateStatusAsync(id, SessionStatus.Connected).ConfigureAwait(false);
                break;
            case AgentMessageTypes.SessionFailed:
                await relay.EndAsync(id, SessionStatus.Failed, message.Message ?? "The session could not start on the node.", terminateAgent: false,
                    message.Message, CancellationToken.None).ConfigureAwait(false);
                break;
            case AgentMessageTypes.SessionEnded:
                // The control socket may overtake the data socket's last frames.
                await Task.Delay(DrainDelay, cancellationToken).ConfigureAwait(false);
                await relay.EndAsync(id, SessionStatus.Terminated, "", terminateAgent: false,
                    message.ExitCode is { } code ? $"exit code {code}" : null, CancellationToken.None).ConfigureAwait(false);
                break;
        }
    }

    public async ValueTask OnAgentDisconnectedAsync(string instanceId, CancellationToken cancellationToken)
    {
        foreach (var id in relay.SessionsOn(instanceId))
            await relay.EndAsync(id, SessionStatus.Failed, $"{instanceId} disconnected.", terminateAgent: false, $"{instanceId} disconnected", CancellationToken.None).ConfigureAwait(false);
    }
}

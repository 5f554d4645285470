using Sekisho.Protocol.AgentChannel;

namespace Sekisho.Server.Nodes;

// TEMPORARY stand-in for ssm-nodes' "Nodes contract" (removed when that branch is merged).
public interface IAgentMessageHandler
{
    ValueTask OnAgentMessageAsync(string instanceId, AgentControlMessage message, CancellationToken cancellationToken);

    ValueTask OnAgentDisconnectedAsync(string instanceId, CancellationToken cancellationToken);
}

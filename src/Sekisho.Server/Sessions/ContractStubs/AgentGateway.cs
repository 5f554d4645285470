using Sekisho.Protocol.AgentChannel;

namespace Sekisho.Server.Nodes;

// TEMPORARY stand-in for ssm-nodes' "Nodes contract" (removed when that branch is merged).
public sealed class AgentGateway
{
    public bool IsOnline(string instanceId) => false;

    public ValueTask<bool> SendAsync(string instanceId, AgentControlMessage message, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}

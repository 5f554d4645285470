using Sekisho.Protocol.AgentChannel;
using Sekisho.Server.Identity;
using Sekisho.Server.Nodes;

namespace Sekisho.Server.Sessions;

/// <summary>The nodes domain as sessions see it.</summary>
public sealed class NodeSessionTargets(NodeService nodes, AgentGateway gateway) : ISessionTargets
{
    public async ValueTask<IReadOnlyList<Tag>?> GetTagsAsync(string account, string instanceId, CancellationToken cancellationToken) =>
        (await nodes.GetAsync(account, instanceId, cancellationToken).ConfigureAwait(false))?.Tags;

    public bool IsOnline(string instanceId) => gateway.IsOnline(instanceId);

    public ValueTask<bool> SendAsync(string instanceId, AgentControlMessage message, CancellationToken cancellationToken) =>
        gateway.SendAsync(instanceId, message, cancellationToken);
}

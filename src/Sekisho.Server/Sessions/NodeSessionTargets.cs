using Microsoft.Extensions.DependencyInjection;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Server.Identity;
using Sekisho.Server.Nodes;

namespace Sekisho.Server.Sessions;

/// <summary>The nodes domain as sessions see it.</summary>
/// <remarks>
/// The gateway is resolved on first use: it depends on the message handlers, one of which is the sessions
/// domain's, which depends on this; a constructor dependency would be a cycle.
/// </remarks>
public sealed class NodeSessionTargets(NodeService nodes, IServiceProvider services) : ISessionTargets
{
    private AgentGateway? _gateway;

    private AgentGateway Gateway => _gateway ??= services.GetRequiredService<AgentGateway>();

    public async ValueTask<IReadOnlyList<Tag>?> GetTagsAsync(string account, string instanceId, CancellationToken cancellationToken) =>
        (await nodes.GetAsync(account, instanceId, cancellationToken).ConfigureAwait(false))?.Tags;

    public bool IsOnline(string instanceId) => Gateway.IsOnline(instanceId);

    public ValueTask<bool> SendAsync(string instanceId, AgentControlMessage message, CancellationToken cancellationToken) =>
        Gateway.SendAsync(instanceId, message, cancellationToken);
}

using Sekisho.Protocol.AgentChannel;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Sessions;

/// <summary>
/// What sessions need of the nodes domain: a node's tags and whether its agent is connected, and a way to send
/// it control messages. <see cref="NodeSessionTargets"/> is the real one over NodeService and AgentGateway;
/// tests put a fake agent behind it.
/// </summary>
public interface ISessionTargets
{
    /// <summary>The node's tags, or null when the account has no such node.</summary>
    ValueTask<IReadOnlyList<Tag>?> GetTagsAsync(string account, string instanceId, CancellationToken cancellationToken);

    bool IsOnline(string instanceId);

    /// <summary>False when the agent is not connected.</summary>
    ValueTask<bool> SendAsync(string instanceId, AgentControlMessage message, CancellationToken cancellationToken);
}

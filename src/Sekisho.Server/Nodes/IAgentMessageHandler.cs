using Sekisho.Protocol.AgentChannel;

namespace Sekisho.Server.Nodes;

/// <summary>
/// Receives what agents send on their control WebSocket beyond <c>hello</c> (the <c>session_*</c> messages) and
/// learns when an agent goes away. Zero or more are registered in DI (the sessions domain implements one); the
/// gateway calls them in registration order, one message at a time per node.
/// </summary>
public interface IAgentMessageHandler
{
    ValueTask OnAgentMessageAsync(string instanceId, AgentControlMessage message, CancellationToken cancellationToken);

    /// <summary>The node's control socket closed, or the node was deregistered (then it never comes back).</summary>
    ValueTask OnAgentDisconnectedAsync(string instanceId, CancellationToken cancellationToken);
}

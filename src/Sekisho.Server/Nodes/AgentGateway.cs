using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sekisho.Protocol.AgentChannel;

namespace Sekisho.Server.Nodes;

/// <summary>
/// The control WebSockets of the agents connected to this replica: who is online, sending them control
/// messages, and dispatching what they send to the <see cref="IAgentMessageHandler"/>s. The socket handling
/// itself (upgrade, authentication, receive loop) is <see cref="AgentControlEndpoint"/>.
/// </summary>
public sealed class AgentGateway(IServiceProvider services, ILogger<AgentGateway> log)
{
    private readonly ConcurrentDictionary<string, AgentConnection> _connections = new(StringComparer.Ordinal);

    // Resolved on first use: the sessions' handler depends (through its relay and targets) on this gateway, so
    // taking the handlers in the constructor is a dependency cycle.
    private readonly Lazy<IAgentMessageHandler[]> _lazyHandlers = new(() => services.GetServices<IAgentMessageHandler>().ToArray());

    private IAgentMessageHandler[] Handlers => _lazyHandlers.Value;

    /// <summary>Whether the node's agent holds a control socket to this replica.</summary>
    public bool IsOnline(string instanceId) => _connections.ContainsKey(instanceId);

    /// <summary>How many agents are connected to this replica.</summary>
    public int ConnectedCount => _connections.Count;

    /// <summary>Sends one control message; false when the node's agent is not connected here (or the send failed).</summary>
    public ValueTask<bool> SendAsync(string instanceId, AgentControlMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _connections.TryGetValue(instanceId, out var connection)
            ? connection.SendAsync(message, cancellationToken)
            : ValueTask.FromResult(false);
    }

    /// <summary>
    /// Tells a deregistered node's agent (<c>deregistered</c>), closes its socket and informs the handlers. Safe
    /// to call when the node is not connected here (the handlers are told anyway, so sessions end everywhere).
    /// </summary>
    public async Task DeregisteredAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (_connections.TryRemove(instanceId, out var connection))
        {
            await connection.SendAsync(new AgentControlMessage { Type = AgentMessageTypes.Deregistered, Message = "The managed node was deregistered." }, cancellationToken);
            await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, "deregistered");
        }
        await NotifyDisconnectedAsync(instanceId, cancellationToken);
    }

    /// <summary>Adds a connection, replacing (and closing) an older one of the same node; returns the replaced one.</summary>
    internal AgentConnection? Attach(AgentConnection connection)
    {
        AgentConnection? previous = null;
        _connections.AddOrUpdate(connection.InstanceId, connection, (_, old) =>
        {
            previous = old;
            return connection;
        });
        return previous;
    }

    /// <summary>Removes the connection if it is still the node's current one; true when it was.</summary>
    internal bool Detach(AgentConnection connection) =>
        _connections.TryRemove(new KeyValuePair<string, AgentConnection>(connection.InstanceId, connection));

    internal async ValueTask DispatchAsync(string instanceId, AgentControlMessage message, CancellationToken cancellationToken)
    {
        foreach (var handler in Handlers)
        {
            try
            {
                await handler.OnAgentMessageAsync(instanceId, message, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One handler's bug must not cut the agent off; it is logged with the message type only.
                log.LogError(e, "agent message handler {Handler} failed on {Type} from {InstanceId}", handler.GetType().Name, message.Type, instanceId);
            }
        }
    }

    internal async ValueTask NotifyDisconnectedAsync(string instanceId, CancellationToken cancellationToken)
    {
        foreach (var handler in Handlers)
        {
            try
            {
                await handler.OnAgentDisconnectedAsync(instanceId, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "agent message handler {Handler} failed on the disconnect of {InstanceId}", handler.GetType().Name, instanceId);
            }
        }
    }

    internal static byte[] Serialize(AgentControlMessage message) =>
        JsonSerializer.SerializeToUtf8Bytes(message, AgentChannelJsonContext.Default.AgentControlMessage);
}

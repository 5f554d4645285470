using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Server.Authentication;

namespace Sekisho.Server.Nodes;

/// <summary>
/// <c>GET /agent/v1/control</c>: the SigV4-signed WebSocket upgrade (service ssm) with a node's own credentials;
/// then one JSON <see cref="AgentControlMessage"/> per text frame. <c>hello</c> updates the inventory; the rest
/// goes to the <see cref="IAgentMessageHandler"/>s through the <see cref="AgentGateway"/>.
/// </summary>
public sealed partial class AgentControlEndpoint(Authenticator authenticator, NodeService nodes, AgentGateway gateway, ILogger<AgentControlEndpoint> log)
{
    /// <summary>A control message is small; anything larger is a broken or hostile agent.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await AgentEndpointsModule.WriteErrorAsync(context, 400, "InvalidRequest", $"{AgentEndpoints.Control} is a WebSocket: send a GET upgrade request.");
            return;
        }
        var authn = await authenticator.AuthenticateAsync(HttpSigV4Request.From(context, ReadOnlyMemory<byte>.Empty), cancellationToken);
        if (authn.Error is { } error)
        {
            await AgentEndpointsModule.WriteErrorAsync(context, error.HttpStatus is 400 ? 403 : error.HttpStatus, error.Code, error.Message);
            return;
        }
        if (authn.Signature!.Service != "ssm")
        {
            await AgentEndpointsModule.WriteErrorAsync(context, 403, "InvalidSignature", $"The control channel is signed for service ssm, not {authn.Signature.Service}.");
            return;
        }
        var caller = authn.Caller!;
        // Only a node's own credentials open its channel, and only for itself.
        if (caller.Session?.NodeInstanceId is not { } instanceId)
        {
            await AgentEndpointsModule.WriteErrorAsync(context, 403, "AccessDenied", $"{caller.Arn} is not a managed node: only a node's own credentials may open the control channel.");
            return;
        }
        if (context.Request.Query["instanceId"].ToString() is { Length: > 0 } asked && asked != instanceId)
        {
            await AgentEndpointsModule.WriteErrorAsync(context, 403, "AccessDenied", $"The credentials of {instanceId} cannot open the control channel of {asked}.");
            return;
        }
        var node = await nodes.GetAsync(caller.Account, instanceId, cancellationToken);
        if (node is null)
        {
            await AgentEndpointsModule.WriteErrorAsync(context, 403, "NodeDeregistered", $"Managed node {instanceId} is not registered.");
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var connection = new AgentConnection(instanceId, caller.Account, socket);
        if (gateway.Attach(connection) is { } previous)
            await previous.CloseAsync(WebSocketCloseStatus.PolicyViolation, "replaced by a newer connection");
        try
        {
            await ReceiveAsync(connection, context.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The agent went away or the server is stopping: the finally block tells everyone.
        }
        finally
        {
            if (gateway.Detach(connection))
            {
                await nodes.RecordDisconnectAsync(connection.Account, instanceId, CancellationToken.None);
                await gateway.NotifyDisconnectedAsync(instanceId, CancellationToken.None);
            }
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
        }
    }

    private async Task ReceiveAsync(AgentConnection connection, string? remoteAddress, CancellationToken cancellationToken)
    {
        var socket = connection.Socket;
        while (socket.State == WebSocketState.Open)
        {
            // Wait with a zero-byte read so that an idle agent holds no buffer (2,000 agents per server).
            var peek = await socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
            if (peek.MessageType == WebSocketMessageType.Close) return;
            var buffer = ArrayPool<byte>.Shared.Rent(4096);
            var length = 0;
            try
            {
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= MaxMessageBytes)
                        {
                            await connection.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"control messages are at most {MaxMessageBytes} bytes");
                            return;
                        }
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    length += result.Count;
                }
                while (!result.EndOfMessage);
                if (result.MessageType != WebSocketMessageType.Text || length == 0) continue;
                AgentControlMessage? message;
                try
                {
                    message = JsonSerializer.Deserialize(buffer.AsSpan(0, length), AgentChannelJsonContext.Default.AgentControlMessage);
                }
                catch (JsonException e)
                {
                    LogBadMessage(log, connection.InstanceId, e.Message);
                    continue;
                }
                if (message is null) continue;
                await HandleMessageAsync(connection, message, remoteAddress, cancellationToken);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private async ValueTask HandleMessageAsync(AgentConnection connection, AgentControlMessage message, string? remoteAddress, CancellationToken cancellationToken)
    {
        if (message.Type == AgentMessageTypes.Hello)
        {
            var hello = message.IpAddress is null && remoteAddress is not null ? message with { IpAddress = remoteAddress } : message;
            await nodes.RecordHelloAsync(connection.Account, connection.InstanceId, hello, cancellationToken);
            return;
        }
        await gateway.DispatchAsync(connection.InstanceId, message, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "agent {InstanceId} sent a control message that is not valid JSON: {Reason}")]
    private static partial void LogBadMessage(ILogger logger, string instanceId, string reason);
}

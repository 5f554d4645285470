using System.Net.WebSockets;
using Sekisho.Protocol.AgentChannel;

namespace Sekisho.Server.Nodes;

/// <summary>
/// One agent's control socket. Small on purpose (2,000 agents per server): the socket, the node's ids and a send
/// lock; receive buffers are rented only while a frame is being read.
/// </summary>
internal sealed class AgentConnection(string instanceId, string account, WebSocket socket)
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public string InstanceId { get; } = instanceId;

    public string Account { get; } = account;

    public WebSocket Socket { get; } = socket;

    public async ValueTask<bool> SendAsync(AgentControlMessage message, CancellationToken cancellationToken)
    {
        var bytes = AgentGateway.Serialize(message);
        try
        {
            await _sendLock.WaitAsync(cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        try
        {
            if (Socket.State != WebSocketState.Open) return false;
            await Socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            return true;
        }
        catch (WebSocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        try
        {
            if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Socket.CloseOutputAsync(status, reason, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone already: aborting below is all that is left to do.
        }
        Socket.Abort();
    }
}

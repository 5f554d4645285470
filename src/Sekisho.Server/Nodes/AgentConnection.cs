using System.Net.WebSockets;
using Sekisho.Protocol.AgentChannel;

namespace Sekisho.Server.Nodes;

/// <summary>
/// One agent's control socket. Small on purpose (2,000 agents per server): the socket, the node's ids and a send
/// lock; receive buffers are rented only while a frame is being read.
/// </summary>
internal sealed class AgentConnection(string instanceId, string account, WebSocket socket) : IDisposable
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

    /// <summary>
    /// Starts the close handshake; the receive loop ends when the agent answers. An agent that does not answer
    /// within <see cref="CloseWait"/> is cut off.
    /// </summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        try
        {
            if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(CloseWait);
                await Socket.CloseOutputAsync(status, reason, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone already: aborting is all that is left to do.
            Socket.Abort();
            return;
        }
        if (Socket.State != WebSocketState.Closed && Interlocked.CompareExchange(ref _abortTimer, new CancellationTokenSource(CloseWait), null) is null)
            _abortTimer.Token.Register(static s => ((WebSocket)s!).Abort(), Socket);
    }

    public static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    private CancellationTokenSource? _abortTimer;

    // The send lock is not disposed: a late SendAsync from a handler must find it usable (it holds no handle
    // unless AvailableWaitHandle is used, which it is not).
    public void Dispose() => _abortTimer?.Dispose();
}

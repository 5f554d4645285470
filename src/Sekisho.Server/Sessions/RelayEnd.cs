using System.Net.WebSockets;

namespace Sekisho.Server.Sessions;

/// <summary>
/// One attached socket of a session (the client's or the agent's), with the lock that keeps its sends one at a
/// time. A send is cancelled only by this end's own <paramref name="lifetime"/> (its connection aborted), never by
/// the sender's: cancelling a WebSocket send aborts the socket, so the other end's pump stopping (an agent socket
/// being re-attached, a client breaking) must not take this socket down with it.
/// </summary>
internal sealed class RelayEnd(WebSocket socket, CancellationToken lifetime)
{
    private readonly SemaphoreSlim _send = new(1, 1);

    public WebSocket Socket { get; } = socket;

    /// <summary>Completes when this end's pump has stopped (the socket closed, broke or was replaced).</summary>
    public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Sends one whole message; false when the socket is gone (the frame is dropped, the ends resend).
    /// <paramref name="cancellationToken"/> (the sender's) only gives up waiting for the send lock.
    /// </summary>
    public async ValueTask<bool> TrySendAsync(ReadOnlyMemory<byte> message, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Socket.State != WebSocketState.Open) return false;
            await Socket.SendAsync(message, type, endOfMessage: true, lifetime).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            return false; // this end's own connection was aborted
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            // This end went away while the frame was on its way (its handler may already have disposed it).
            return false;
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>Closes with a status and reason; a socket already broken is aborted instead.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _send.WaitAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    await Socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                _send.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            Socket.Abort();
        }
    }
}

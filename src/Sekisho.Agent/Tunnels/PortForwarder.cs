using Sekisho.Protocol.Tunnels;
using System.IO.Pipelines;
using System.Net.Sockets;
using Sekisho.Protocol.DataChannel;
using Sekisho.Protocol.Smux;

namespace Sekisho.Agent.Tunnels;

/// <summary>
/// The agent's end of a port-forwarding session: an smux server over the data channel's Output byte stream; each
/// stream the client opens is one TCP connection to the destination, bytes relayed both ways. A connection that
/// is refused by the destination rules or cannot be dialed gets the Flag ConnectToPortError and its stream is
/// closed; the others go on (the stock agent's behaviour, except that dials run in parallel).
/// </summary>
public sealed class PortForwarder
{
    private readonly TunnelDestination _destination;
    private readonly Func<SessionFlag, CancellationToken, ValueTask> _sendFlag;
    private readonly Action<string> _log;
    private readonly SmuxOptions? _smuxOptions;
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _connections = [];

    /// <param name="sendFlag">Sends a Flag payload to the client (the stock agent sends ConnectToPortError this way).</param>
    /// <param name="log">One line per connection event; never given payload bytes.</param>
    public PortForwarder(TunnelDestination destination, Func<SessionFlag, CancellationToken, ValueTask> sendFlag,
        Action<string> log, SmuxOptions? smuxOptions = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(sendFlag);
        ArgumentNullException.ThrowIfNull(log);
        _destination = destination;
        _sendFlag = sendFlag;
        _log = log;
        _smuxOptions = smuxOptions;
    }

    public TrafficCounters Traffic { get; } = new();

    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Serves streams until the byte stream ends or <paramref name="cancellationToken"/> fires.</summary>
    /// <exception cref="SmuxProtocolException">The client broke smux framing.</exception>
    public async Task RunAsync(IDuplexPipe transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var mux = SmuxSession.Server(transport, _smuxOptions);
        try
        {
            while (true)
            {
                SmuxStream stream;
                try
                {
                    stream = await mux.AcceptStreamAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    break;
                }
                var connection = Task.Run(() => ServeAsync(stream, cancellationToken), CancellationToken.None);
                lock (_gate)
                {
                    _connections.Add(connection);
                }
                _ = connection.ContinueWith(Forget, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The session is being ended; the streams end with the smux session below.
        }
        finally
        {
            await mux.DisposeAsync().ConfigureAwait(false);
            Task[] open;
            lock (_gate)
            {
                open = [.. _connections];
            }
            await Task.WhenAll(open).ConfigureAwait(false);
        }
        // A protocol error from the client surfaces here, after every connection is closed.
        await mux.Completion.ConfigureAwait(false);
    }

    private void Forget(Task connection)
    {
        lock (_gate)
        {
            _connections.Remove(connection);
        }
    }

    private async Task ServeAsync(SmuxStream stream, CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            var endPoints = await _destination.ResolveAsync(cancellationToken).ConfigureAwait(false);
            socket = await TunnelDestination.DialAsync(endPoints, DialTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DestinationRefusedException or SocketException)
        {
            Traffic.AddFailedConnection();
            _log(e is DestinationRefusedException
                ? $"stream {stream.Id}: {e.Message}"
                : $"stream {stream.Id}: cannot connect to {_destination}: {e.Message}");
            await FailAsync(stream, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException)
        {
            await SocketRelay.CloseQuietlyAsync(stream).ConfigureAwait(false);
            return;
        }
        Traffic.AddConnection();
        await SocketRelay.RunAsync(socket, stream, Traffic, socketIsDestination: true, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task FailAsync(SmuxStream stream, CancellationToken cancellationToken)
    {
        try
        {
            await _sendFlag(SessionFlag.ConnectToPortError, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (SocketRelay.IsEndOfConnection(e))
        {
            // The session is ending; nobody is left to tell.
        }
        await SocketRelay.CloseQuietlyAsync(stream).ConfigureAwait(false);
    }
}

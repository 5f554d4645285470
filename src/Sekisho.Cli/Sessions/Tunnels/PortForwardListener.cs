using Sekisho.Protocol.Tunnels;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Sekisho.Protocol.Smux;

namespace Sekisho.Cli.Sessions.Tunnels;

/// <summary>
/// The client's end of a port-forwarding session: listens on a local loopback port (0 = any free port) and, for
/// each accepted connection, opens one smux stream over the data channel's Output byte stream and relays bytes
/// both ways. Any number of connections run at once.
/// </summary>
public sealed class PortForwardListener : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _connections = [];

    /// <exception cref="SocketException">The port is taken or cannot be bound.</exception>
    public PortForwardListener(int localPort, IPAddress? bindAddress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(localPort, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPort, 65535);
        var address = bindAddress ?? IPAddress.Loopback;
        _listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(new IPEndPoint(address, localPort));
            _listener.Listen(512);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
    }

    /// <summary>The port actually bound (the one chosen by the system when 0 was asked for).</summary>
    public int Port { get; }

    public TrafficCounters Traffic { get; } = new();

    /// <summary>Connections accepted and not yet closed.</summary>
    public int OpenConnections { get { lock (_gate) { return _connections.Count; } } }

    /// <summary>Accepts and forwards connections until the byte stream ends or <paramref name="cancellationToken"/> fires.</summary>
    /// <exception cref="SmuxProtocolException">The agent broke smux framing.</exception>
    public async Task RunAsync(IDuplexPipe transport, SmuxOptions? smuxOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var mux = SmuxSession.Client(transport, smuxOptions);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The session's end (transport closed or broken) stops accepting.
        _ = mux.Completion.ContinueWith(_ => stop.Cancel(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptAsync(stop.Token).ConfigureAwait(false);
                socket.NoDelay = true;
                var connection = Task.Run(() => ForwardAsync(mux, socket, stop.Token), CancellationToken.None);
                lock (_gate)
                {
                    _connections.Add(connection);
                }
                _ = connection.ContinueWith(Forget, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Cancelled by the caller or by the session's end.
        }
        finally
        {
            _listener.Dispose();
            await mux.DisposeAsync().ConfigureAwait(false);
            Task[] open;
            lock (_gate)
            {
                open = [.. _connections];
            }
            await Task.WhenAll(open).ConfigureAwait(false);
        }
        await mux.Completion.ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Forget(Task connection)
    {
        lock (_gate)
        {
            _connections.Remove(connection);
        }
    }

    private async Task ForwardAsync(SmuxSession mux, Socket socket, CancellationToken cancellationToken)
    {
        SmuxStream stream;
        try
        {
            stream = await mux.OpenStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            Traffic.AddFailedConnection();
            socket.Dispose();
            return;
        }
        Traffic.AddConnection();
        await SocketRelay.RunAsync(socket, stream, Traffic, socketIsDestination: false, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}

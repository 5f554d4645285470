using System.Net;
using System.Net.Sockets;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// A TCP proxy on loopback in front of the server, so a test can cut every connection that passes through it (both
/// sockets reset at once, as a broken network does) while it keeps accepting new ones.
/// </summary>
public sealed class CuttableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly Lock _gate = new();
    private readonly List<(Socket Inbound, Socket Outbound)> _pairs = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;

    public CuttableTcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accept = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections { get; private set; }

    /// <summary>Resets every connection open now; returns how many.</summary>
    public int CutAll()
    {
        List<(Socket Inbound, Socket Outbound)> pairs;
        lock (_gate)
        {
            pairs = [.. _pairs];
            _pairs.Clear();
        }
        foreach (var (inbound, outbound) in pairs)
        {
            Reset(inbound);
            Reset(outbound);
        }
        return pairs.Count;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        try
        {
            await _accept;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop.
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var inbound = await _listener.AcceptSocketAsync(_stop.Token);
            var outbound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            inbound.NoDelay = true;
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                Reset(inbound);
                outbound.Dispose();
                continue;
            }
            lock (_gate)
            {
                _pairs.Add((inbound, outbound));
                Connections++;
            }
            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Cut, or the other side went away: the peers see a reset.
            Reset(from);
            Reset(to);
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
            // Already closed by the other pump.
        }
    }
}

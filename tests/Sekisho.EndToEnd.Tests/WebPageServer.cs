using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// The small web server on the node of scenario 2's port-forwarding step: one page over HTTP/1.1 on a free loopback
/// port, one request per connection, until disposed.
/// </summary>
public sealed class WebPageServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    private WebPageServer(string page)
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _serving = ServeAsync(page, _stop.Token);
    }

    public int Port { get; }

    public static WebPageServer Start(string page) => new(page);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _serving;
        _stop.Dispose();
    }

    private async Task ServeAsync(string page, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(page);
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            using (client)
            {
                try
                {
                    var request = new byte[8192];
                    var got = 0;
                    while (got < request.Length && !Encoding.ASCII.GetString(request, 0, got).Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        var n = await client.ReceiveAsync(request.AsMemory(got), SocketFlags.None, cancellationToken);
                        if (n == 0)
                        {
                            break;
                        }
                        got += n;
                    }
                    await client.SendAsync(head, SocketFlags.None, cancellationToken);
                    await client.SendAsync(body, SocketFlags.None, cancellationToken);
                    // Give the tunnel the bytes before the close: smux v1 closes both ways at the FIN.
                    client.Shutdown(SocketShutdown.Send);
                    while (await client.ReceiveAsync(request, SocketFlags.None, cancellationToken) > 0)
                    {
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException)
                {
                    // Stopped, or the client went away mid-request: the next one is served.
                }
            }
        }
    }
}

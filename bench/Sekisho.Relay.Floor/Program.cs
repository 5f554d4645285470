using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

// The floor of the server's relay in .NET: one process accepts a sender and a receiver and copies the sender's bytes to
// the receiver through one buffer, with SslStream straight on each socket ("tls") or no TLS at all ("plain"): no
// Kestrel pipes, no HTTP, no WebSocket framing, no session logic. Prints the rate and this process's CPU per GB.
// usage: Sekisho.Relay.Floor IN_PORT OUT_PORT tls|plain [BUFFER_BYTES]
if (args.Length is < 3 or > 4 || args[2] is not ("tls" or "plain"))
{
    Console.Error.WriteLine("usage: Sekisho.Relay.Floor IN_PORT OUT_PORT tls|plain [BUFFER_BYTES]");
    return 2;
}
var inPort = int.Parse(args[0], CultureInfo.InvariantCulture);
var outPort = int.Parse(args[1], CultureInfo.InvariantCulture);
var tls = args[2] == "tls";
var bufferBytes = args.Length == 4 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 256 * 1024;

using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using var ephemeral = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256)
    .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
// Exported and loaded again: SslStream on Linux needs a certificate whose key is not ephemeral.
using var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);

using var inListener = Listen(inPort);
using var outListener = Listen(outPort);
Console.WriteLine("ready");
var from = await AcceptAsync(inListener).ConfigureAwait(false);
var to = await AcceptAsync(outListener).ConfigureAwait(false);

var buffer = new byte[bufferBytes];
long total = 0;
var process = Process.GetCurrentProcess();
var cpuBefore = process.TotalProcessorTime;
var started = Stopwatch.GetTimestamp();
try
{
    int read;
    while ((read = await from.ReadAsync(buffer).ConfigureAwait(false)) > 0)
    {
        await to.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
        total += read;
    }
}
catch (IOException)
{
    // A sender that closes without TLS's close_notify resets the connection: the bytes before it count.
}
var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
process.Refresh();
var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
await to.DisposeAsync().ConfigureAwait(false);
await from.DisposeAsync().ConfigureAwait(false);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{args[2]} relay, {bufferBytes}-byte buffer: {total} bytes, {total / seconds / 1e6:F1} MB/s, relay CPU {cpu / (total / 1e9):F2} s/GB"));
return 0;

static Socket Listen(int port)
{
    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
    listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
    listener.Listen();
    return listener;
}

async Task<Stream> AcceptAsync(Socket listener)
{
    var socket = await listener.AcceptAsync().ConfigureAwait(false);
    socket.NoDelay = true;
    Stream stream = new NetworkStream(socket, ownsSocket: true);
    if (!tls)
    {
        return stream;
    }
    var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }).ConfigureAwait(false);
    return ssl;
}

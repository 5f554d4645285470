using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sekisho.Protocol.Signing;
using Sekisho.Server.Load;

// A closed-loop load generator: N workers each send one SigV4-signed query-protocol POST, wait for the answer,
// and send the next. Each worker re-signs once per second (the signature covers X-Amz-Date, which has second
// resolution), so signing costs the generator little and every request still carries a valid fresh signature.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var (keyId, secret) = ReadCredentials(options.CredentialsFile);
var credentials = new SigV4Credentials(keyId, secret);
var form = options.Operation == "GetCallerIdentity"
    ? "Action=GetCallerIdentity&Version=2011-06-15"
    : $"Action=AssumeRole&Version=2011-06-15&RoleSessionName=load&RoleArn={Uri.EscapeDataString(options.RoleArn!)}";
var body = Encoding.UTF8.GetBytes(form);

using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Concurrency,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    UseProxy = false,
}) { Timeout = TimeSpan.FromSeconds(30) };

var statusCounts = new int[600];
var measuring = false;
var stop = false;
var latencies = new List<long>[options.Concurrency];
for (var i = 0; i < latencies.Length; i++) latencies[i] = new List<long>(1 << 16);

async Task Worker(int index)
{
    var mine = latencies[index];
    var signedAt = 0L;
    IReadOnlyList<KeyValuePair<string, string>> headers = [];
    while (!Volatile.Read(ref stop))
    {
        var now = DateTimeOffset.UtcNow;
        if (now.ToUnixTimeSeconds() != signedAt)
        {
            var request = new SigV4HttpRequest("POST", "/", "",
                [new("Host", options.Endpoint.Authority), new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body);
            headers = SigV4Signer.SignHeaders(request, credentials, "us-east-1", "sts", now).AddedHeaders;
            signedAt = now.ToUnixTimeSeconds();
        }
        using var message = new HttpRequestMessage(HttpMethod.Post, options.Endpoint);
        message.Content = new ByteArrayContent(body);
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        foreach (var (k, v) in headers) message.Headers.TryAddWithoutValidation(k, v);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(message).ConfigureAwait(false);
        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
        var elapsed = Stopwatch.GetTimestamp() - started;
        if (Volatile.Read(ref measuring))
        {
            mine.Add(elapsed);
            Interlocked.Increment(ref statusCounts[Math.Min((int)response.StatusCode, 599)]);
        }
    }
}

var workers = new Task[options.Concurrency];
for (var i = 0; i < workers.Length; i++)
{
    var index = i;
    workers[i] = Task.Run(() => Worker(index));
}
await Task.Delay(options.Warmup);
var serverCpuStart = options.ServerPid is { } p0 ? ProcessCpu.Seconds(p0) : 0;
var ownCpuStart = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
var clock = Stopwatch.StartNew();
Volatile.Write(ref measuring, true);
await Task.Delay(options.Duration);
Volatile.Write(ref measuring, false);
var seconds = clock.Elapsed.TotalSeconds;
var serverCpu = options.ServerPid is { } p1 ? ProcessCpu.Seconds(p1) - serverCpuStart : double.NaN;
var ownCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - ownCpuStart;
Volatile.Write(ref stop, true);
await Task.WhenAll(workers);

var all = new List<long>();
foreach (var l in latencies) all.AddRange(l);
all.Sort();
double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
double Percentile(double q) => all.Count == 0 ? double.NaN : Ms(all[Math.Min(all.Count - 1, (int)(q * all.Count))]);
var statuses = new StringBuilder();
for (var s = 0; s < statusCounts.Length; s++)
    if (statusCounts[s] > 0) statuses.Append(CultureInfo.InvariantCulture, $"{s}:{statusCounts[s]} ");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{options.Operation} concurrency={options.Concurrency} requests={all.Count} seconds={seconds:F1} req/s={all.Count / seconds:F0} " +
    $"p50={Percentile(0.50):F2}ms p99={Percentile(0.99):F2}ms max={Percentile(1.0):F2}ms " +
    $"serverCpu={serverCpu / seconds * 100:F0}% generatorCpu={ownCpu / seconds * 100:F0}% statuses={statuses.ToString().Trim()}"));
return 0;

static (string Id, string Secret) ReadCredentials(string path)
{
    string? id = null, secret = null;
    foreach (var line in File.ReadAllLines(path))
    {
        var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2) continue;
        if (parts[0] == "aws_access_key_id") id = parts[1];
        if (parts[0] == "aws_secret_access_key") secret = parts[1];
    }
    return (id ?? throw new InvalidDataException($"{path} has no aws_access_key_id"), secret ?? throw new InvalidDataException($"{path} has no aws_secret_access_key"));
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sekisho.Server.Load;

// A closed-loop load generator: N workers, each on its own keep-alive connection, send one SigV4-signed
// query-protocol POST, wait for the answer and send the next. Each worker replays a ring of --presign requests signed
// before the run (distinct dates, re-signed every 5 minutes, well inside SigV4's 15-minute window; the server verifies
// each in full), or signs every request afresh with --presign 0; raw sockets keep the generator's own CPU small.
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
var form = options.Operation == "GetCallerIdentity"
    ? "Action=GetCallerIdentity&Version=2011-06-15"
    : $"Action=AssumeRole&Version=2011-06-15&RoleSessionName=load&RoleArn={Uri.EscapeDataString(options.RoleArn!)}";
var body = Encoding.UTF8.GetBytes(form);

var endpoint = await ResolveAsync(options.Endpoint);
var statusCounts = new int[600];
var measuring = false;
var stop = false;
var latencies = new List<long>[options.Concurrency];
for (var i = 0; i < latencies.Length; i++) latencies[i] = new List<long>(1 << 16);

async Task Worker(int index)
{
    var mine = latencies[index];
    var signer = new RequestSigner(options.Endpoint.Authority, keyId, secret, "us-east-1", "sts", body);
    var pool = options.Presign > 0 ? new SignedRequestPool(signer, options.Presign) : null;
    var buffer = new byte[16 * 1024];
    using var connection = await KeepAliveConnection.OpenAsync(endpoint).ConfigureAwait(false);
    while (!Volatile.Read(ref stop))
    {
        var request = pool is not null ? pool.Next() : buffer.AsMemory(0, signer.Write(buffer, DateTime.UtcNow));
        var started = Stopwatch.GetTimestamp();
        var status = await connection.ExchangeAsync(request).ConfigureAwait(false);
        var elapsed = Stopwatch.GetTimestamp() - started;
        if (Volatile.Read(ref measuring))
        {
            mine.Add(elapsed);
            Interlocked.Increment(ref statusCounts[Math.Min(status, 599)]);
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
var storeCpuStart = options.StorePid is { } s0 ? ProcessCpu.TreeSeconds(s0) : 0;
var ownCpuStart = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
var machineStart = MachineCpu.Read();
var clock = Stopwatch.StartNew();
Volatile.Write(ref measuring, true);
await Task.Delay(options.Duration);
Volatile.Write(ref measuring, false);
var seconds = clock.Elapsed.TotalSeconds;
var serverCpu = options.ServerPid is { } p1 ? ProcessCpu.Seconds(p1) - serverCpuStart : double.NaN;
var storeCpu = options.StorePid is { } s1 ? ProcessCpu.TreeSeconds(s1) - storeCpuStart : double.NaN;
var ownCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - ownCpuStart;
var machineEnd = MachineCpu.Read();
Volatile.Write(ref stop, true);
await Task.WhenAll(workers);

var all = new List<long>();
foreach (var l in latencies) all.AddRange(l);
all.Sort();
double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
double Percentile(double q) => all.Count == 0 ? double.NaN : Ms(all[Math.Min(all.Count - 1, (int)(q * all.Count))]);
var measuredCpu = ownCpu + (double.IsNaN(serverCpu) ? 0 : serverCpu) + (double.IsNaN(storeCpu) ? 0 : storeCpu);
var machine = MachineCpu.Describe(machineStart, machineEnd, measuredCpu, seconds);
var statuses = new StringBuilder();
for (var s = 0; s < statusCounts.Length; s++)
    if (statusCounts[s] > 0) statuses.Append(CultureInfo.InvariantCulture, $"{s}:{statusCounts[s]} ");
var storePart = options.StorePid is null ? "" : string.Create(CultureInfo.InvariantCulture,
    $"postgresCpu={storeCpu / seconds * 100:F0}% postgresUs/req={storeCpu * 1e6 / Math.Max(1, all.Count):F0} ");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{options.Operation} concurrency={options.Concurrency} requests={all.Count} seconds={seconds:F1} req/s={all.Count / seconds:F0} " +
    $"p50={Percentile(0.50):F2}ms p99={Percentile(0.99):F2}ms max={Percentile(1.0):F2}ms " +
    $"serverCpu={serverCpu / seconds * 100:F0}% generatorCpu={ownCpu / seconds * 100:F0}% " +
    $"serverUs/req={serverCpu * 1e6 / Math.Max(1, all.Count):F0} generatorUs/req={ownCpu * 1e6 / Math.Max(1, all.Count):F0} " +
    $"{storePart}{machine} statuses={statuses.ToString().Trim()}"));
return 0;

static async Task<System.Net.EndPoint> ResolveAsync(Uri uri)
{
    if (System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip)) return new System.Net.IPEndPoint(ip, uri.Port);
    var addresses = await System.Net.Dns.GetHostAddressesAsync(uri.Host);
    return new System.Net.IPEndPoint(addresses[0], uri.Port);
}

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

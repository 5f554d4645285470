using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Sekisho.Protocol.Signing;
using Sekisho.Server.Tests.Nodes;

// Connects N fake agents to a running server (register, credentials, control WebSocket, hello) and reports the
// server's resident memory before, with all of them connected, and after they have idled.
//   Sekisho.Nodes.Load --endpoint URL --credentials FILE --role NAME --server-pid PID [--agents 2000] [--idle 30]
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "");
if (!options.TryGetValue("endpoint", out var endpointText) || !options.TryGetValue("credentials", out var credentialsFile)
    || !options.TryGetValue("role", out var role) || !options.TryGetValue("server-pid", out var pidText))
{
    Console.Error.WriteLine("usage: Sekisho.Nodes.Load --endpoint URL --credentials FILE --role NAME --server-pid PID [--agents 2000] [--idle 30]");
    return 2;
}
var endpoint = new Uri(endpointText);
var agents = int.Parse(options.GetValueOrDefault("agents", "2000"), CultureInfo.InvariantCulture);
var idle = int.Parse(options.GetValueOrDefault("idle", "30"), CultureInfo.InvariantCulture);
var pid = int.Parse(pidText, CultureInfo.InvariantCulture);
var admin = ReadCredentials(credentialsFile);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };

Console.WriteLine($"server RSS before: {RssMiB(pid):0.0} MiB");
var activations = new List<(string Id, string Code)>();
for (var left = agents; left > 0; left -= 1000)
{
    var created = await SsmAsync("CreateActivation", new JsonObject { ["IamRole"] = role, ["RegistrationLimit"] = Math.Min(left, 1000) });
    activations.Add((created["ActivationId"]!.GetValue<string>(), created["ActivationCode"]!.GetValue<string>()));
}

var clock = Stopwatch.StartNew();
var fakes = new FakeAgent[agents];
var gate = new SemaphoreSlim(32);
var failures = 0;
await Task.WhenAll(Enumerable.Range(0, agents).Select(async i =>
{
    await gate.WaitAsync();
    try
    {
        var fake = new FakeAgent(endpoint, http);
        var (id, code) = activations[i / 1000];
        await fake.RegisterAsync(id, code);
        var credentials = await fake.CredentialsAsync();
        var (socket, status) = await fake.ConnectAsync(credentials);
        if (socket is null) throw new InvalidOperationException($"control upgrade refused: {status}");
        await fake.HelloAsync();
        fakes[i] = fake;
    }
    catch (Exception e) when (e is HttpRequestException or InvalidOperationException or System.Net.WebSockets.WebSocketException or TaskCanceledException)
    {
        if (Interlocked.Increment(ref failures) <= 5) Console.Error.WriteLine($"agent {i}: {e.Message}");
    }
    finally
    {
        gate.Release();
    }
}));
Console.WriteLine($"{agents - failures} agents registered and connected in {clock.Elapsed.TotalSeconds:0.0} s ({failures} failed)");
Console.WriteLine($"server RSS with agents connected: {RssMiB(pid):0.0} MiB");
await Task.Delay(TimeSpan.FromSeconds(idle));
var online = await SsmAsync("DescribeInstanceInformation", new JsonObject
{
    ["Filters"] = new JsonArray(new JsonObject { ["Key"] = "PingStatus", ["Values"] = new JsonArray("Online") }),
    ["MaxResults"] = 50,
});
Console.WriteLine($"server RSS after {idle} s idle: {RssMiB(pid):0.0} MiB (first page of Online nodes: {online["InstanceInformationList"]!.AsArray().Count})");
foreach (var fake in fakes) fake?.Dispose();
return failures == 0 ? 0 : 1;

async Task<JsonObject> SsmAsync(string operation, JsonObject input)
{
    var body = Encoding.UTF8.GetBytes(input.ToJsonString());
    var headers = new List<KeyValuePair<string, string>>
    {
        new("Content-Type", "application/x-amz-json-1.1"), new("Host", endpoint.Authority), new("X-Amz-Target", "AmazonSSM." + operation),
    };
    using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
    message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
    message.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSSM." + operation);
    foreach (var (k, v) in SigV4Signer.SignHeaders(new SigV4HttpRequest("POST", "/", "", headers, body), admin, "us-east-1", "ssm", DateTimeOffset.UtcNow).AddedHeaders)
        message.Headers.TryAddWithoutValidation(k, v);
    using var response = await http.SendAsync(message);
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{operation}: {(int)response.StatusCode} {text}");
    return JsonNode.Parse(text)!.AsObject();
}

static double RssMiB(int pid)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    throw new InvalidOperationException($"no VmRSS for process {pid}");
}

static SigV4Credentials ReadCredentials(string path)
{
    string? id = null, secret = null;
    foreach (var line in File.ReadLines(path))
    {
        var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2) continue;
        if (parts[0] == "aws_access_key_id") id = parts[1];
        if (parts[0] == "aws_secret_access_key") secret = parts[1];
    }
    return new SigV4Credentials(id ?? throw new InvalidOperationException($"{path}: no aws_access_key_id"), secret ?? throw new InvalidOperationException($"{path}: no aws_secret_access_key"));
}

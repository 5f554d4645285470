#:project ../../src/Sekisho.Cedar/Sekisho.Cedar.csproj
#:property PublishAot=false
// Runs our implementation over generated cases, one JSON object per output line.
//   dotnet run dump.cs -- inputs.tsv > ours.jsonl        constructor arguments (cases.py, mutations.py)
//   dotnet run dump.cs -- ops calls.jsonl > ours.jsonl   method calls and comparisons (operations.py)
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sekisho.Cedar.Extensions;

if (args[0] == "ops")
{
    foreach (var line in File.ReadLines(args[1]))
    {
        if (line.Length == 0) continue;
        var call = JsonNode.Parse(line)!.AsObject();
        var op = (string)call["op"]!;
        var a = call["args"]!.AsArray();
        JsonObject result;
        ExtensionError? error = null;
        switch (op)
        {
            case "isIpv4": result = Bool(Ip(a[0]).IsIpv4); break;
            case "isIpv6": result = Bool(Ip(a[0]).IsIpv6); break;
            case "isLoopback": result = Bool(Ip(a[0]).IsLoopback); break;
            case "isMulticast": result = Bool(Ip(a[0]).IsMulticast); break;
            case "isInRange": result = Bool(Ip(a[0]).IsInRange(Ip(a[1]))); break;
            case "lessThan": result = Bool(Dec(a[0]).LessThan(Dec(a[1]))); break;
            case "lessThanOrEqual": result = Bool(Dec(a[0]).LessThanOrEqual(Dec(a[1]))); break;
            case "greaterThan": result = Bool(Dec(a[0]).GreaterThan(Dec(a[1]))); break;
            case "greaterThanOrEqual": result = Bool(Dec(a[0]).GreaterThanOrEqual(Dec(a[1]))); break;
            case "offset": result = Dt(a[0]).TryOffset(Du(a[1]), out var o, out error) ? Ms("datetime", o.EpochMilliseconds) : Err(error); break;
            case "durationSince": result = Dt(a[0]).TryDurationSince(Dt(a[1]), out var s, out error) ? Ms("duration", s.Milliseconds) : Err(error); break;
            case "toDate": result = Dt(a[0]).TryToDate(out var d, out error) ? Ms("datetime", d.EpochMilliseconds) : Err(error); break;
            case "toTime": result = Ms("duration", Dt(a[0]).ToTime().Milliseconds); break;
            case "toMilliseconds": result = Long(Du(a[0]).ToMilliseconds()); break;
            case "toSeconds": result = Long(Du(a[0]).ToSeconds()); break;
            case "toMinutes": result = Long(Du(a[0]).ToMinutes()); break;
            case "toHours": result = Long(Du(a[0]).ToHours()); break;
            case "toDays": result = Long(Du(a[0]).ToDays()); break;
            case "<" or "<=" or ">" or ">=" or "==":
                var c = (string)a[0]!["type"]! == "datetime" ? Dt(a[0]).CompareTo(Dt(a[1])) : Du(a[0]).CompareTo(Du(a[1]));
                result = Bool(op switch { "<" => c < 0, "<=" => c <= 0, ">" => c > 0, ">=" => c >= 0, _ => c == 0 });
                break;
            default: throw new InvalidOperationException(op);
        }

        call["result"] = result;
        Console.WriteLine(call.ToJsonString());
    }

    return;
}

foreach (var line in File.ReadLines(args[0]))
{
    if (line.Length == 0) continue;
    var tab = line.IndexOf('\t');
    var fn = line[..tab];
    var arg = JsonSerializer.Deserialize<string>(line[(tab + 1)..])!;
    bool ok; string? value = null; ExtensionError? err;
    switch (fn)
    {
        case "ip": ok = CedarIpAddr.TryParse(arg, out var ip, out err); if (ok) value = ip.ToString(); break;
        case "decimal": ok = CedarDecimal.TryParse(arg, out var d, out err); if (ok) value = d.ToString(); break;
        case "datetime": ok = CedarDatetime.TryParse(arg, out var dt, out err); if (ok) value = dt.EpochMilliseconds.ToString(CultureInfo.InvariantCulture); break;
        case "duration": ok = CedarDuration.TryParse(arg, out var du, out err); if (ok) value = du.Milliseconds.ToString(CultureInfo.InvariantCulture); break;
        default: throw new InvalidOperationException(fn);
    }
    Console.WriteLine(JsonSerializer.Serialize(new { fn, input = arg, ok, value, message = err?.ToString(), help = err?.Help }));
}

static CedarIpAddr Ip(JsonNode? n) => CedarIpAddr.Parse((string)n!["text"]!);
static CedarDecimal Dec(JsonNode? n) => CedarDecimal.Parse((string)n!["text"]!);
static CedarDatetime Dt(JsonNode? n) => new((long)n!["ms"]!);
static CedarDuration Du(JsonNode? n) => new((long)n!["ms"]!);
static JsonObject Bool(bool b) => new() { ["kind"] = "bool", ["value"] = b };
static JsonObject Long(long v) => new() { ["kind"] = "long", ["value"] = v };
static JsonObject Ms(string kind, long ms) => new() { ["kind"] = kind, ["ms"] = ms };
static JsonObject Err(ExtensionError e) => new() { ["kind"] = "error", ["message"] = e.ToString() };

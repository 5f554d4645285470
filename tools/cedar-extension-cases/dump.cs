#:project ../../src/Sekisho.Cedar/Sekisho.Cedar.csproj
#:property PublishAot=false
// Runs our parsers over cases.py output: dotnet run dump.cs -- inputs.tsv > ours.jsonl
using System.Text.Json;
using Sekisho.Cedar.Extensions;
// Input lines: fn TAB json-string. Output: one JSON object per line with our verdict.
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
        case "datetime": ok = CedarDatetime.TryParse(arg, out var dt, out err); if (ok) value = dt.EpochMilliseconds.ToString(); break;
        case "duration": ok = CedarDuration.TryParse(arg, out var du, out err); if (ok) value = du.Milliseconds.ToString(); break;
        default: throw new InvalidOperationException(fn);
    }
    Console.WriteLine(JsonSerializer.Serialize(new { fn, input = arg, ok, value, message = err?.ToString(), help = err?.Help }));
}

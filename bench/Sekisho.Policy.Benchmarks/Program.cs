using System.Text.Json.Nodes;
using Sekisho.Policy.Scenarios;

if (args.Length >= 2 && args[0] == "export-random")
{
    var count = args.Length >= 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
    var array = new JsonArray();
    foreach (var s in ScenarioGenerator.Generate(20261121, count)) array.Add(s);
    File.WriteAllText(args[1], array.ToJsonString());
    return 0;
}
if (args.Length >= 2 && args[0] == "export")
{
    var array = new JsonArray();
    foreach (var s in RealisticScenarios.Create()) array.Add(s);
    File.WriteAllText(args[1], array.ToJsonString());
    return 0;
}
return 2;

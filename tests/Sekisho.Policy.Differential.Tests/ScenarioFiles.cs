using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sekisho.Policy.Differential.Tests;

/// <summary>Writes scenario arrays straight from their nodes (no copies: 10,000 scenarios are some 19 MB of JSON).</summary>
public static class ScenarioFiles
{
    public static async Task WriteArrayAsync(string path, IEnumerable<JsonObject> scenarios)
    {
        await using var stream = File.Create(path);
        await using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartArray();
        foreach (var s in scenarios) s.WriteTo(writer);
        writer.WriteEndArray();
    }
}

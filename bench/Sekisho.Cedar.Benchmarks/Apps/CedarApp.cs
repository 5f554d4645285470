using System.Text.Json.Nodes;

namespace Sekisho.Cedar.Benchmarks.Apps;

/// <summary>One benchmark application: its policies, a pre-built entity store and random requests over it.</summary>
public sealed record CedarApp(string Name, string Policies, JsonArray Entities, IReadOnlyList<JsonObject> Requests)
{
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["policies"] = Policies,
        ["entities"] = Entities.DeepClone(),
        ["requests"] = new JsonArray(Requests.Select(r => (JsonNode)r.DeepClone()).ToArray()),
    };
}

using System.Text.Json.Nodes;

namespace Sekisho.Cedar.Benchmarks.Apps;

/// <summary>Builds entities JSON and requests for the apps, from a seeded random source.</summary>
public sealed class WorldBuilder(int seed)
{
    public Random Random { get; } = new(seed);
    public JsonArray Entities { get; } = [];

    public static JsonObject Uid(string type, string id) => new() { ["type"] = type, ["id"] = id };

    public static JsonObject Ref(string type, string id) => new() { ["__entity"] = Uid(type, id) };

    public void Add(string type, string id, JsonObject? attrs = null, params (string Type, string Id)[] parents) =>
        Entities.Add(new JsonObject
        {
            ["uid"] = Uid(type, id),
            ["attrs"] = attrs ?? new JsonObject(),
            ["parents"] = new JsonArray(parents.Select(p => (JsonNode)Uid(p.Type, p.Id)).ToArray()),
        });

    public string Pick(string prefix, int count) => prefix + Random.Next(count);

    public (string, string)[] SomeOf(string type, string prefix, int count, int max) =>
        Enumerable.Range(0, Random.Next(max + 1)).Select(_ => (type, Pick(prefix, count))).Distinct().ToArray();

    public static JsonObject Request(JsonObject principal, string action, JsonObject resource, JsonObject? context = null) => new()
    {
        ["principal"] = principal,
        ["action"] = Uid("Action", action),
        ["resource"] = resource,
        ["context"] = context ?? new JsonObject(),
    };
}

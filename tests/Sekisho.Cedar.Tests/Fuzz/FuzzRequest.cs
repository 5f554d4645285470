using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>A generated authorization request; the context is a record of JSON values.</summary>
public sealed record FuzzRequest(FuzzEntityRef Principal, FuzzEntityRef Action, FuzzEntityRef Resource,
    ImmutableArray<KeyValuePair<string, JsonNode>> Context)
{
    public JsonObject ContextJson()
    {
        var c = new JsonObject();
        foreach (var (k, v) in Context) c[k] = v.DeepClone();
        return c;
    }

    public JsonObject ToJson() => new()
    {
        ["principal"] = Principal.ToJson(),
        ["action"] = Action.ToJson(),
        ["resource"] = Resource.ToJson(),
        ["context"] = ContextJson(),
    };
}

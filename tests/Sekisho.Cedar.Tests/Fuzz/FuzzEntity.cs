using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>A generated entity: attributes and tags as JSON values in the entities format, parents by UID.</summary>
public sealed record FuzzEntity(
    FuzzEntityRef Uid,
    ImmutableArray<KeyValuePair<string, JsonNode>> Attributes,
    ImmutableArray<FuzzEntityRef> Parents,
    ImmutableArray<KeyValuePair<string, JsonNode>>? Tags)
{
    public JsonObject ToJson()
    {
        var attrs = new JsonObject();
        foreach (var (k, v) in Attributes) attrs[k] = v.DeepClone();
        var parents = new JsonArray();
        foreach (var p in Parents) parents.Add(p.ToJson());
        var o = new JsonObject { ["uid"] = Uid.ToJson(), ["attrs"] = attrs, ["parents"] = parents };
        if (Tags is { } tags)
        {
            var t = new JsonObject();
            foreach (var (k, v) in tags) t[k] = v.DeepClone();
            o["tags"] = t;
        }
        return o;
    }
}

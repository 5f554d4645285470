using System.Text.Json.Nodes;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Nodes;

/// <summary>Reading and writing the SSM <c>Tags</c> list shape (<c>[{Key, Value}]</c>).</summary>
public static class SsmTags
{
    public static List<Tag> Read(JsonNode? node)
    {
        var tags = new List<Tag>();
        if (node is not JsonArray array) return tags;
        foreach (var item in array)
        {
            var key = item?["Key"]?.GetValue<string>() ?? "";
            var value = item?["Value"]?.GetValue<string>() ?? "";
            var at = tags.FindIndex(t => t.Key == key);
            if (at >= 0) tags[at] = new Tag(key, value);
            else tags.Add(new Tag(key, value));
        }
        return tags;
    }

    public static JsonArray Write(IReadOnlyList<Tag> tags)
    {
        var array = new JsonArray();
        foreach (var tag in tags) array.Add(new JsonObject { ["Key"] = tag.Key, ["Value"] = tag.Value });
        return array;
    }

    public static List<string> Strings(JsonNode? node)
    {
        var list = new List<string>();
        if (node is JsonArray array)
            foreach (var item in array)
                if (item?.GetValue<string>() is { } s) list.Add(s);
        return list;
    }
}

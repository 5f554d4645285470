using System.Text.Json.Nodes;

namespace Sekisho.Protocol.Aws;

/// <summary>
/// Writes JSON 1.1 responses: the output shape's members (timestamps as epoch seconds, as botocore reads them) and
/// errors as <c>{"__type": code, "message": ...}</c>.
/// </summary>
public sealed class JsonResponseWriter(AwsServiceModel model)
{
    public string Write(AwsOperation operation, JsonObject? result) =>
        operation.OutputShape is { } output && result is not null
            ? Convert(model.Shape(output), result)!.ToJsonString()
            : "{}";

    public static string WriteError(AwsError error) =>
        new JsonObject { ["__type"] = error.Code, ["message"] = error.Message }.ToJsonString();

    private JsonNode? Convert(AwsShape shape, JsonNode? node)
    {
        if (node is null) return null;
        switch (shape.Type)
        {
            case "structure":
                var obj = new JsonObject();
                var source = (JsonObject)node;
                foreach (var member in shape.Members)
                    if (source.TryGetPropertyValue(member.Name, out var v) && v is not null)
                        obj[member.Name] = Convert(model.Shape(member.ShapeName), v);
                return obj;
            case "list":
                var array = new JsonArray();
                var element = model.Shape(shape.Member!.ShapeName);
                foreach (var item in (JsonArray)node) array.Add(Convert(element, item));
                return array;
            case "map":
                var map = new JsonObject();
                var valueShape = model.Shape(shape.Value!.ShapeName);
                foreach (var (k, v) in (JsonObject)node) map[k] = Convert(valueShape, v);
                return map;
            case "timestamp":
                return JsonValue.Create(AwsTimestamps.ToEpochSeconds((JsonValue)node));
            default:
                return node.DeepClone();
        }
    }

}

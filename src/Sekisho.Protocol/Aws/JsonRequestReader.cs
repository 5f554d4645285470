using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sekisho.Protocol.Aws;

/// <summary>
/// Reads a JSON 1.1 request (SSM): the operation from <c>X-Amz-Target</c> (<c>AmazonSSM.StartSession</c>), the
/// body checked member by member against the input shape's types (a wrong type is a SerializationException, as
/// AWS answers), then against its constraints (a ValidationException). Unknown members are ignored, as AWS does.
/// </summary>
public sealed class JsonRequestReader(AwsServiceModel model)
{
    private readonly ShapeValidator _validator = new(model);

    public AwsInput Read(string? target, ReadOnlySpan<byte> body)
    {
        var dot = target?.LastIndexOf('.') ?? -1;
        if (target is null || dot < 0 || target[..dot] != model.TargetPrefix || !model.TryGetOperation(target[(dot + 1)..], out var operation))
            return AwsInput.Fail(new AwsError("UnknownOperationException", $"Unknown operation {target ?? "(no X-Amz-Target header)"}", 400));

        JsonNode? parsed;
        try
        {
            parsed = body.IsEmpty ? new JsonObject() : JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            return AwsInput.Fail(new AwsError("SerializationException",
                $"The request body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", 400));
        }
        if (parsed is not JsonObject obj)
            return AwsInput.Fail(new AwsError("SerializationException", "The request body must be a JSON object", 400));
        if (operation.InputShape is null) return new AwsInput(operation, new JsonObject(), null);

        var typeErrors = new List<string>();
        var members = (JsonObject)Coerce(model.Shape(operation.InputShape), obj, "", typeErrors)!;
        if (typeErrors.Count > 0)
            return AwsInput.Fail(new AwsError("SerializationException", string.Join("; ", typeErrors), 400));
        var violations = _validator.Validate(operation.InputShape, members);
        return violations.Count > 0
            ? AwsInput.Fail(new AwsError("ValidationException", ShapeValidator.Summarize(violations), 400))
            : new AwsInput(operation, members, null);
    }

    /// <summary>A copy of <paramref name="node"/> holding only what the shape declares, with typed scalars.</summary>
    private JsonNode? Coerce(AwsShape shape, JsonNode? node, string path, List<string> errors)
    {
        if (node is null) return null;
        switch (shape.Type)
        {
            case "structure" when node is JsonObject o:
                var result = new JsonObject();
                foreach (var member in shape.Members)
                    if (o.TryGetPropertyValue(member.Name, out var v) && v is not null)
                        result[member.Name] = Coerce(model.Shape(member.ShapeName), v, Join(path, member.Name), errors);
                return result;
            case "list" when node is JsonArray a:
                var list = new JsonArray();
                var element = model.Shape(shape.Member!.ShapeName);
                for (var i = 0; i < a.Count; i++) list.Add(Coerce(element, a[i], $"{path}[{i}]", errors));
                return list;
            case "map" when node is JsonObject m:
                var map = new JsonObject();
                var valueShape = model.Shape(shape.Value!.ShapeName);
                foreach (var (k, v) in m) map[k] = Coerce(valueShape, v, $"{path}.{k}", errors);
                return map;
            case "string" when node is JsonValue s && s.GetValueKind() == JsonValueKind.String:
                return JsonValue.Create(s.GetValue<string>());
            case "boolean" when node is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return JsonValue.Create(b.GetValue<bool>());
            case "integer" or "long" when node is JsonValue n && n.GetValueKind() == JsonValueKind.Number && n.TryGetValue<long>(out var l):
                return JsonValue.Create(l);
            case "timestamp" when node is JsonValue t && t.GetValueKind() is JsonValueKind.Number or JsonValueKind.String:
                return JsonValue.Create(AwsTimestamps.Read(t));
            case "double" or "float" when node is JsonValue d && d.GetValueKind() == JsonValueKind.Number:
                return JsonValue.Create(d.GetValue<double>());
            case "blob" when node is JsonValue bl && bl.GetValueKind() == JsonValueKind.String:
                return JsonValue.Create(bl.GetValue<string>());
            default:
                errors.Add($"'{path}' must be {Expected(shape.Type)}, not {node.GetValueKind().ToString().ToLowerInvariant()}");
                return null;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Expected(string type) => type switch
    {
        "structure" or "map" => "an object",
        "list" => "an array",
        "integer" or "long" => "a whole number",
        "double" or "float" => "a number",
        "boolean" => "true or false",
        "timestamp" => "a timestamp (epoch seconds)",
        _ => "a string",
    };
}

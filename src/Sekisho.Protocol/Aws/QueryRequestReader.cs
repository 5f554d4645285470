using System.Globalization;
using System.Text.Json.Nodes;

namespace Sekisho.Protocol.Aws;

/// <summary>
/// Reads a query-protocol request (IAM, STS) into the members of the operation's input shape, as botocore's
/// query serializer wrote them: structures as <c>Name.Field</c>, lists as <c>Name.member.N</c> (or <c>Name.N</c>
/// when flattened), maps as <c>Name.entry.N.key</c>/<c>.value</c>, an empty list as <c>Name=</c>. Then validates
/// the result against the model's constraints.
/// </summary>
public sealed class QueryRequestReader(AwsServiceModel model)
{
    private readonly ShapeValidator _validator = new(model);

    public AwsInput Read(IReadOnlyDictionary<string, string> parameters)
    {
        if (!parameters.TryGetValue("Action", out var action) || action.Length == 0)
            return AwsInput.Fail(new AwsError("MissingAction", "Missing Action", 400));
        if (!model.TryGetOperation(action, out var operation))
            return AwsInput.Fail(new AwsError("InvalidAction", $"Could not find operation {action} for version {model.ApiVersion}", 400));
        if (parameters.TryGetValue("Version", out var version) && version != model.ApiVersion)
            return AwsInput.Fail(new AwsError("InvalidAction", $"Could not find operation {action} for version {version}", 400));

        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in parameters.Keys)
            for (var dot = key.IndexOf('.', StringComparison.Ordinal); dot > 0; dot = key.IndexOf('.', dot + 1))
                prefixes.Add(key[..dot]);

        var problems = new List<string>();
        var members = new JsonObject();
        if (operation.InputShape is { } inputShape)
        {
            var read = new Reader(model, parameters, prefixes, problems);
            members = (JsonObject?)read.Structure(model.Shape(inputShape), "", "") ?? new JsonObject();
            if (problems.Count == 0) problems.AddRange(_validator.Validate(inputShape, members));
        }
        return problems.Count > 0
            ? AwsInput.Fail(AwsError.Validation(ShapeValidator.Summarize(problems)))
            : new AwsInput(operation, members, null);
    }

    private sealed class Reader(AwsServiceModel model, IReadOnlyDictionary<string, string> parameters, HashSet<string> prefixes, List<string> problems)
    {
        private bool Present(string prefix) => parameters.ContainsKey(prefix) || prefixes.Contains(prefix);

        public JsonNode? Structure(AwsShape shape, string prefix, string path)
        {
            var obj = new JsonObject();
            foreach (var member in shape.Members)
            {
                var key = prefix.Length == 0 ? member.WireName : prefix + "." + member.WireName;
                if (!Present(key)) continue;
                if (Value(model.Shape(member.ShapeName), key, MemberPaths.Of(path, member.Name), member.Flattened) is { } value) obj[member.Name] = value;
            }
            return obj;
        }

        private JsonNode? Value(AwsShape shape, string key, string path, bool flattened)
        {
            if (!Present(key)) return null;
            switch (shape.Type)
            {
                case "structure":
                    return Structure(shape, key, path);
                case "list":
                {
                    var array = new JsonArray();
                    if (parameters.TryGetValue(key, out var empty) && empty.Length == 0 && !prefixes.Contains(key)) return array;
                    var elementPrefix = shape.Flattened || flattened ? key : key + "." + (shape.Member!.LocationName ?? "member");
                    var element = model.Shape(shape.Member!.ShapeName);
                    for (var i = 1; Present($"{elementPrefix}.{i}"); i++)
                        array.Add(Value(element, $"{elementPrefix}.{i}", $"{path}.{i}.member", false));
                    return array;
                }
                case "map":
                {
                    var map = new JsonObject();
                    var entryPrefix = shape.Flattened || flattened ? key : key + ".entry";
                    var keyName = shape.Key!.LocationName ?? "key";
                    var valueName = shape.Value!.LocationName ?? "value";
                    for (var i = 1; Present($"{entryPrefix}.{i}"); i++)
                    {
                        if (!parameters.TryGetValue($"{entryPrefix}.{i}.{keyName}", out var k))
                        {
                            problems.Add($"Value null at '{path}.{i}.key' failed to satisfy constraint: Member must not be null");
                            continue;
                        }
                        map[k] = Value(model.Shape(shape.Value.ShapeName), $"{entryPrefix}.{i}.{valueName}", $"{path}.{k}.value", false);
                    }
                    return map;
                }
                default:
                    return parameters.TryGetValue(key, out var text) ? Scalar(shape, text, path) : null;
            }
        }

        private JsonNode? Scalar(AwsShape shape, string text, string path)
        {
            switch (shape.Type)
            {
                case "string":
                    return JsonValue.Create(text);
                case "integer" or "long":
                    if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return JsonValue.Create(n);
                    problems.Add($"Value '{text}' at '{path}' failed to satisfy constraint: Member must be a whole number");
                    return null;
                case "boolean":
                    if (bool.TryParse(text, out var b)) return JsonValue.Create(b);
                    problems.Add($"Value '{text}' at '{path}' failed to satisfy constraint: Member must be true or false");
                    return null;
                case "timestamp":
                    if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
                        return JsonValue.Create(t.ToUniversalTime());
                    problems.Add($"Value '{text}' at '{path}' failed to satisfy constraint: Member must be an ISO 8601 timestamp");
                    return null;
                case "blob":
                    try
                    {
                        return JsonValue.Create(Convert.ToBase64String(Convert.FromBase64String(text)));
                    }
                    catch (FormatException)
                    {
                        problems.Add($"Value at '{path}' failed to satisfy constraint: Member must be base64-encoded");
                        return null;
                    }
                default:
                    return JsonValue.Create(text);
            }
        }
    }
}

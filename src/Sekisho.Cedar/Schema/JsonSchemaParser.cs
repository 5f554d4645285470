using System.Text.Json;

namespace Sekisho.Cedar.Schema;

/// <summary>
/// Reads the JSON schema format (<c>{"Namespace": {"entityTypes", "actions", "commonTypes"}}</c>) into the same
/// raw declarations as the human-readable format. Errors are located by a JSON path; syntax errors by line and
/// column.
/// </summary>
internal static class JsonSchemaParser
{
    public static IReadOnlyList<RawNamespace> Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            throw new SchemaException($"invalid JSON: {e.Message}", (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Error("$", "a schema must be a JSON object mapping namespace names to namespace definitions");
            var result = new List<RawNamespace>();
            foreach (var nsProp in root.EnumerateObject())
            {
                var path = $"$[{Quote(nsProp.Name)}]";
                result.Add(ParseNamespace(nsProp.Name, nsProp.Value, path));
            }
            return result;
        }
    }

    private static string Quote(string name) => "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static SchemaException Error(string path, string reason) => new(reason, 0, 0, path);

    private static RawNamespace ParseNamespace(string name, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Error(path, "a namespace definition must be an object");
        var ns = new RawNamespace(name, new SourceSpot(0, 0, path));
        var sawEntities = false;
        var sawActions = false;
        foreach (var prop in value.EnumerateObject())
        {
            var p = $"{path}.{prop.Name}";
            switch (prop.Name)
            {
                case "entityTypes":
                    sawEntities = true;
                    foreach (var e in Members(prop.Value, p))
                    {
                        ns.Entities.Add(ParseEntityType(e.Name, e.Value, $"{p}.{e.Name}"));
                    }
                    break;
                case "actions":
                    sawActions = true;
                    foreach (var a in Members(prop.Value, p))
                    {
                        ns.Actions.Add(ParseAction(a.Name, a.Value, $"{p}[{Quote(a.Name)}]"));
                    }
                    break;
                case "commonTypes":
                    foreach (var c in Members(prop.Value, p))
                    {
                        ns.CommonTypes.Add(new RawCommonType(c.Name, ParseType(c.Value, $"{p}.{c.Name}"), new SourceSpot(0, 0, $"{p}.{c.Name}")));
                    }
                    break;
                case "annotations":
                    break;
                default:
                    throw Error(p, $"unknown field `{prop.Name}`, expected `entityTypes`, `actions`, `commonTypes` or `annotations`");
            }
        }
        if (!sawEntities) throw Error(path, "missing field `entityTypes`");
        if (!sawActions) throw Error(path, "missing field `actions`");
        return ns;
    }

    private static IEnumerable<JsonProperty> Members(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Error(path, "expected an object");
        return value.EnumerateObject();
    }

    private static RawEntityDecl ParseEntityType(string name, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Error(path, "an entity type definition must be an object");
        var memberOf = new List<RawName>();
        RawType? shape = null;
        RawType? tags = null;
        List<string>? enumIds = null;
        foreach (var prop in value.EnumerateObject())
        {
            var p = $"{path}.{prop.Name}";
            switch (prop.Name)
            {
                case "memberOfTypes":
                    foreach (var item in Items(prop.Value, p))
                    {
                        memberOf.Add(new RawName(String(item, p), new SourceSpot(0, 0, p)));
                    }
                    break;
                case "shape":
                    shape = ParseType(prop.Value, p);
                    break;
                case "tags":
                    tags = ParseType(prop.Value, p);
                    break;
                case "enum":
                    enumIds = [];
                    foreach (var item in Items(prop.Value, p))
                    {
                        // Duplicates are allowed and mean nothing more, as in the human-readable format.
                        var id = String(item, p);
                        if (!enumIds.Contains(id)) enumIds.Add(id);
                    }
                    if (enumIds.Count == 0) throw Error(p, "an enumerated entity type needs at least one value");
                    break;
                case "annotations":
                    break;
                default:
                    throw Error(p, $"unknown field `{prop.Name}`, expected `memberOfTypes`, `shape`, `tags`, `enum` or `annotations`");
            }
        }
        if (enumIds is not null && (memberOf.Count > 0 || shape is not null || tags is not null))
        {
            throw Error(path, "an enumerated entity type cannot have `memberOfTypes`, `shape` or `tags`");
        }
        return new RawEntityDecl(name, memberOf, shape, tags, enumIds, new SourceSpot(0, 0, path));
    }

    private static RawActionDecl ParseAction(string name, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Error(path, "an action definition must be an object");
        var memberOf = new List<RawActionRef>();
        List<RawName>? principals = null;
        List<RawName>? resources = null;
        RawType? context = null;
        foreach (var prop in value.EnumerateObject())
        {
            var p = $"{path}.{prop.Name}";
            switch (prop.Name)
            {
                case "memberOf":
                    foreach (var item in Items(prop.Value, p))
                    {
                        if (item.ValueKind != JsonValueKind.Object) throw Error(p, "expected `{\"id\": ..., \"type\": ...}`");
                        string? type = null;
                        string? id = null;
                        foreach (var f in item.EnumerateObject())
                        {
                            if (f.Name == "id") id = String(f.Value, p);
                            else if (f.Name == "type") type = String(f.Value, p);
                            else throw Error(p, $"unknown field `{f.Name}` in an action reference");
                        }
                        memberOf.Add(new RawActionRef(type, id ?? throw Error(p, "missing field `id`"), new SourceSpot(0, 0, p)));
                    }
                    break;
                case "appliesTo":
                    if (prop.Value.ValueKind == JsonValueKind.Null) break;
                    if (prop.Value.ValueKind != JsonValueKind.Object) throw Error(p, "`appliesTo` must be an object");
                    principals = [];
                    resources = [];
                    var sawPrincipals = false;
                    var sawResources = false;
                    foreach (var f in prop.Value.EnumerateObject())
                    {
                        var fp = $"{p}.{f.Name}";
                        switch (f.Name)
                        {
                            case "principalTypes":
                                sawPrincipals = true;
                                foreach (var item in Items(f.Value, fp)) principals.Add(new RawName(String(item, fp), new SourceSpot(0, 0, fp)));
                                break;
                            case "resourceTypes":
                                sawResources = true;
                                foreach (var item in Items(f.Value, fp)) resources.Add(new RawName(String(item, fp), new SourceSpot(0, 0, fp)));
                                break;
                            case "context":
                                context = ParseType(f.Value, fp);
                                break;
                            default:
                                throw Error(fp, $"unknown field `{f.Name}`, expected `principalTypes`, `resourceTypes` or `context`");
                        }
                    }
                    if (!sawPrincipals) throw Error(p, "missing field `principalTypes`");
                    if (!sawResources) throw Error(p, "missing field `resourceTypes`");
                    break;
                case "attributes":
                case "annotations":
                    break;
                default:
                    throw Error(p, $"unknown field `{prop.Name}`, expected `memberOf`, `appliesTo` or `annotations`");
            }
        }
        return new RawActionDecl(name, memberOf, principals, resources, context, new SourceSpot(0, 0, path));
    }

    private static RawType ParseType(JsonElement value, string path)
    {
        var spot = new SourceSpot(0, 0, path);
        if (value.ValueKind != JsonValueKind.Object) throw Error(path, "a type must be an object with a `type` field");
        if (!value.TryGetProperty("type", out var typeProp)) throw Error(path, "missing field `type`");
        var type = String(typeProp, path + ".type");
        switch (type)
        {
            case "Long":
            case "String":
                return new RawType(RawTypeKind.Builtin, type, null, null, spot);
            case "Boolean":
                return new RawType(RawTypeKind.Builtin, "Bool", null, null, spot);
            case "Set":
                if (!value.TryGetProperty("element", out var element)) throw Error(path, "missing field `element` of a Set type");
                return new RawType(RawTypeKind.Set, null, ParseType(element, path + ".element"), null, spot);
            case "Entity":
            case "Extension":
            case "EntityOrCommon":
                if (!value.TryGetProperty("name", out var nameProp)) throw Error(path, $"missing field `name` of an {type} type");
                var kind = type switch
                {
                    "Entity" => RawTypeKind.Entity,
                    "Extension" => RawTypeKind.Builtin,
                    _ => RawTypeKind.CommonOrEntity,
                };
                return new RawType(kind, String(nameProp, path + ".name"), null, null, spot);
            case "Record":
                var attributes = new List<RawAttribute>();
                if (value.TryGetProperty("attributes", out var attrs))
                {
                    foreach (var a in Members(attrs, path + ".attributes"))
                    {
                        var ap = $"{path}.attributes[{Quote(a.Name)}]";
                        var required = true;
                        if (a.Value.ValueKind == JsonValueKind.Object && a.Value.TryGetProperty("required", out var req))
                        {
                            if (req.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Error(ap + ".required", "expected a boolean");
                            required = req.GetBoolean();
                        }
                        attributes.Add(new RawAttribute(a.Name, ParseType(a.Value, ap), required, new SourceSpot(0, 0, ap)));
                    }
                }
                if (value.TryGetProperty("additionalAttributes", out var additional) && additional.ValueKind == JsonValueKind.True)
                {
                    throw Error(path + ".additionalAttributes", "records with `additionalAttributes: true` are not supported");
                }
                return new RawType(RawTypeKind.Record, null, null, attributes, spot);
            default:
                return new RawType(RawTypeKind.Common, type, null, null, spot);
        }
    }

    private static JsonElement.ArrayEnumerator Items(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array) throw Error(path, "expected an array");
        return value.EnumerateArray();
    }

    private static string String(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String) throw Error(path, "expected a string");
        return value.GetString()!;
    }
}

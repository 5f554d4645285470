using System.Text.Json;
using Sekisho.Cedar.Evaluation;
using Sekisho.Cedar.Extensions;
using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Entities;

/// <summary>
/// The one place where JSON becomes Cedar values: the entities format
/// (<c>[{"uid", "attrs", "parents", "tags"}]</c>), entity references (<c>{"type", "id"}</c> or
/// <c>{"__entity": {...}}</c>), extension values (<c>{"__extn": {"fn", "arg"}}</c>), contexts and requests.
/// With <see cref="IJsonTypeHints"/> the schema's implicit forms are read too.
/// </summary>
public static class EntityJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    /// <summary>Parses an entities document (a JSON array of entities).</summary>
    public static EntityStore ParseEntities(string json, IJsonTypeHints? hints = null)
    {
        using var doc = Parse(json);
        return new EntityStore(ParseEntityList(doc.RootElement, hints));
    }

    /// <summary>The entities of a JSON array, without building a store (so a schema can add its own).</summary>
    public static List<Entity> ParseEntityList(JsonElement array, IJsonTypeHints? hints = null)
    {
        if (array.ValueKind != JsonValueKind.Array) throw new EntityJsonException("", $"expected a JSON array of entities, found {Describe(array)}");
        var list = new List<Entity>(array.GetArrayLength());
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            list.Add(ParseEntity(item, hints, $"[{i}]"));
            i++;
        }
        return list;
    }

    public static Entity ParseEntity(JsonElement e, IJsonTypeHints? hints, string path)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new EntityJsonException(path, $"expected an entity object, found {Describe(e)}");
        if (!e.TryGetProperty("uid", out var uidJson)) throw new EntityJsonException(path, "entity is missing its `uid`");
        var uid = ParseUid(uidJson, path + ".uid");
        foreach (var prop in e.EnumerateObject())
        {
            if (prop.Name is not ("uid" or "attrs" or "parents" or "tags"))
                throw new EntityJsonException(path, $"unexpected field `{prop.Name}` (an entity has `uid`, `attrs`, `parents` and `tags`)");
        }
        var attrs = CedarRecord.Empty;
        if (e.TryGetProperty("attrs", out var attrsJson) && attrsJson.ValueKind != JsonValueKind.Null)
        {
            if (attrsJson.ValueKind != JsonValueKind.Object) throw new EntityJsonException(path + ".attrs", $"expected an object, found {Describe(attrsJson)}");
            var list = new List<KeyValuePair<string, Value>>();
            foreach (var prop in attrsJson.EnumerateObject())
            {
                var hint = hints?.AttributeType(uid.Type, prop.Name);
                list.Add(new(prop.Name, ParseValue(prop.Value, hint, path + ".attrs." + prop.Name)));
            }
            attrs = CheckedRecord(list, path + ".attrs");
        }
        var parents = new List<EntityUid>();
        if (e.TryGetProperty("parents", out var parentsJson) && parentsJson.ValueKind != JsonValueKind.Null)
        {
            if (parentsJson.ValueKind != JsonValueKind.Array) throw new EntityJsonException(path + ".parents", $"expected an array, found {Describe(parentsJson)}");
            var k = 0;
            foreach (var p in parentsJson.EnumerateArray())
            {
                parents.Add(ParseUid(p, $"{path}.parents[{k}]"));
                k++;
            }
        }
        var tags = CedarRecord.Empty;
        if (e.TryGetProperty("tags", out var tagsJson) && tagsJson.ValueKind != JsonValueKind.Null)
        {
            if (tagsJson.ValueKind != JsonValueKind.Object) throw new EntityJsonException(path + ".tags", $"expected an object, found {Describe(tagsJson)}");
            var hint = hints?.TagType(uid.Type);
            var list = new List<KeyValuePair<string, Value>>();
            foreach (var prop in tagsJson.EnumerateObject())
            {
                list.Add(new(prop.Name, ParseValue(prop.Value, hint, path + ".tags." + prop.Name)));
            }
            tags = CheckedRecord(list, path + ".tags");
        }
        return new Entity(uid, attrs, parents, tags);
    }

    /// <summary>An entity reference: <c>{"type": "T", "id": "i"}</c> or <c>{"__entity": {"type", "id"}}</c>.</summary>
    public static EntityUid ParseUid(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new EntityJsonException(path, $"expected an entity reference {{\"type\", \"id\"}}, found {Describe(e)}");
        if (e.TryGetProperty("__entity", out var inner)) return ParseUid(inner, path + ".__entity");
        if (!e.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            throw new EntityJsonException(path, "entity reference needs a string `type`");
        if (!e.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
            throw new EntityJsonException(path, "entity reference needs a string `id`");
        foreach (var prop in e.EnumerateObject())
        {
            if (prop.Name is not ("type" or "id")) throw new EntityJsonException(path, $"unexpected field `{prop.Name}` in an entity reference");
        }
        var typeName = type.GetString()!;
        if (!IsValidTypeName(typeName)) throw new EntityJsonException(path + ".type", $"`{typeName}` is not a valid entity type name");
        return new EntityUid(typeName, id.GetString()!);
    }

    /// <summary>A Cedar value from JSON; <paramref name="hint"/> (may be null) enables the schema's implicit forms.</summary>
    public static Value ParseValue(JsonElement e, JsonTypeHint? hint, string path)
    {
        var kind = hint?.Kind ?? JsonTypeKind.Unknown;
        switch (e.ValueKind)
        {
            case JsonValueKind.True:
            case JsonValueKind.False:
                Expect(kind, JsonTypeKind.Bool, e, path);
                return Value.FromBool(e.ValueKind == JsonValueKind.True);
            case JsonValueKind.Number:
                Expect(kind, JsonTypeKind.Long, e, path);
                if (!e.TryGetInt64(out var n))
                    throw new EntityJsonException(path, $"`{e.GetRawText()}` is not a 64-bit integer (Cedar has no other numbers)");
                return Value.FromLong(n);
            case JsonValueKind.String:
                if (kind == JsonTypeKind.Extension) return Construct(ConstructorFor(hint!.Name!, path), e.GetString()!, path);
                Expect(kind, JsonTypeKind.String, e, path);
                return Value.FromString(e.GetString()!);
            case JsonValueKind.Array:
                {
                    Expect(kind, JsonTypeKind.Set, e, path);
                    var items = new Value[e.GetArrayLength()];
                    var i = 0;
                    foreach (var item in e.EnumerateArray())
                    {
                        items[i] = ParseValue(item, hint?.Element, $"{path}[{i}]");
                        i++;
                    }
                    return Value.FromSet(CedarSet.Create(items));
                }
            case JsonValueKind.Object:
                return ParseObject(e, hint, kind, path);
            default:
                throw new EntityJsonException(path, $"{Describe(e)} is not a Cedar value");
        }
    }

    /// <summary>A request context: a JSON object, typed by the action's context hint when there is one.</summary>
    public static CedarRecord ParseContext(JsonElement e, EntityUid action, IJsonTypeHints? hints, string path = "context")
    {
        ArgumentNullException.ThrowIfNull(action);
        if (e.ValueKind == JsonValueKind.Null || e.ValueKind == JsonValueKind.Undefined) return CedarRecord.Empty;
        if (e.ValueKind != JsonValueKind.Object) throw new EntityJsonException(path, $"the context must be a JSON object, found {Describe(e)}");
        var hint = hints?.ContextType(action) ?? new JsonTypeHint(JsonTypeKind.Record);
        return ParseValue(e, hint, path).AsRecord;
    }

    /// <summary>A request <c>{"principal", "action", "resource", "context"}</c>.</summary>
    public static Request ParseRequest(JsonElement e, IJsonTypeHints? hints = null)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new EntityJsonException("", $"a request must be a JSON object, found {Describe(e)}");
        var principal = ParseUid(Required(e, "principal", ""), "principal");
        var action = ParseUid(Required(e, "action", ""), "action");
        var resource = ParseUid(Required(e, "resource", ""), "resource");
        var context = e.TryGetProperty("context", out var c) ? ParseContext(c, action, hints) : CedarRecord.Empty;
        return new Request(principal, action, resource, context);
    }

    public static Request ParseRequest(string json, IJsonTypeHints? hints = null)
    {
        using var doc = Parse(json);
        return ParseRequest(doc.RootElement, hints);
    }

    /// <summary>Parses JSON text, turning a syntax error into an <see cref="EntityJsonException"/> with its position.</summary>
    public static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new EntityJsonException($"line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}", "invalid JSON: " + e.Message.Split(" LineNumber:")[0]);
        }
    }

    private static JsonElement Required(JsonElement e, string name, string path) =>
        e.TryGetProperty(name, out var v) ? v : throw new EntityJsonException(path, $"missing field `{name}`");

    private static Value ParseObject(JsonElement e, JsonTypeHint? hint, JsonTypeKind kind, string path)
    {
        if (e.TryGetProperty("__entity", out _))
        {
            Expect(kind, JsonTypeKind.Entity, e, path);
            return Value.FromEntity(ParseUid(e, path));
        }
        if (e.TryGetProperty("__extn", out var extn))
        {
            if (kind is not (JsonTypeKind.Unknown or JsonTypeKind.Extension))
                throw Mismatch(hint!, "an extension value", path);
            return ParseExtn(extn, path + ".__extn");
        }
        if (kind == JsonTypeKind.Entity)
        {
            var uid = ParseUid(e, path);
            if (hint!.Name is { } expectedType && !string.Equals(expectedType, uid.Type, StringComparison.Ordinal))
                throw new EntityJsonException(path, $"expected an entity of type `{expectedType}`, found `{uid}`");
            return Value.FromEntity(uid);
        }
        Expect(kind, JsonTypeKind.Record, e, path);
        var list = new List<KeyValuePair<string, Value>>();
        foreach (var prop in e.EnumerateObject())
        {
            JsonTypeHint? fieldHint = null;
            hint?.Fields?.TryGetValue(prop.Name, out fieldHint);
            list.Add(new(prop.Name, ParseValue(prop.Value, fieldHint, path + "." + prop.Name)));
        }
        return Value.FromRecord(CheckedRecord(list, path));
    }

    private static Value ParseExtn(JsonElement extn, string path)
    {
        // {"fn": f, "arg": v} or {"fn": f, "args": [v, ...]}: any extension function, arguments read recursively.
        if (extn.ValueKind != JsonValueKind.Object) throw new EntityJsonException(path, "expected {\"fn\": ..., \"arg\": ...}");
        if (!extn.TryGetProperty("fn", out var fn) || fn.ValueKind != JsonValueKind.String)
            throw new EntityJsonException(path, "extension value needs a string `fn`");
        var args = new List<Value>();
        if (extn.TryGetProperty("arg", out var arg))
        {
            args.Add(ParseValue(arg, null, path + ".arg"));
        }
        else if (extn.TryGetProperty("args", out var many) && many.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in many.EnumerateArray())
            {
                args.Add(ParseValue(item, null, $"{path}.args[{i}]"));
                i++;
            }
        }
        else
        {
            throw new EntityJsonException(path, "extension value needs an `arg` or an `args` array");
        }
        try
        {
            return ExtensionCalls.Invoke(fn.GetString()!, args.ToArray(), SourceSpan.None);
        }
        catch (EvaluationException e)
        {
            throw new EntityJsonException(path, e.Message);
        }
    }

    private static Value Construct(string constructor, string argument, string path)
    {
        try
        {
            return ExtensionCalls.Construct(constructor, argument, SourceSpan.None);
        }
        catch (EvaluationException e)
        {
            throw new EntityJsonException(path, e.Message);
        }
    }

    private static string ConstructorFor(string extensionType, string path) =>
        ExtensionFunctions.TryParseExtensionType(extensionType, out var t)
            ? ExtensionFunctions.ConstructorName(t)
            : throw new EntityJsonException(path, $"unknown extension type `{extensionType}`");

    private static CedarRecord CheckedRecord(List<KeyValuePair<string, Value>> list, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kv in list)
        {
            if (!seen.Add(kv.Key)) throw new EntityJsonException(path, $"duplicate key `{kv.Key}`");
        }
        return CedarRecord.Create(list);
    }

    private static void Expect(JsonTypeKind expected, JsonTypeKind actual, JsonElement e, string path)
    {
        if (expected == JsonTypeKind.Unknown || expected == actual) return;
        throw new EntityJsonException(path, $"type mismatch: expected {KindName(expected)}, found {Describe(e)}");
    }

    private static EntityJsonException Mismatch(JsonTypeHint hint, string found, string path) =>
        new(path, $"type mismatch: expected {KindName(hint.Kind)}, found {found}");

    private static string KindName(JsonTypeKind k) => k switch
    {
        JsonTypeKind.Bool => "a boolean",
        JsonTypeKind.Long => "a long",
        JsonTypeKind.String => "a string",
        JsonTypeKind.Entity => "an entity reference",
        JsonTypeKind.Extension => "an extension value",
        JsonTypeKind.Set => "a set",
        JsonTypeKind.Record => "a record",
        _ => "a value",
    };

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static bool IsValidTypeName(string name)
    {
        if (name.Length == 0) return false;
        foreach (var part in name.Split("::"))
        {
            if (part.Length == 0 || !(char.IsAsciiLetter(part[0]) || part[0] == '_')) return false;
            foreach (var c in part)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
            }
        }
        return true;
    }
}

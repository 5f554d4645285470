using System.Text.Json;
using Sekisho.Cedar.Ast;
using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Json;

/// <summary>
/// Reads policies in Cedar's JSON policy format (the EST) into the AST. Accepts everything the reference
/// writes and the documented alternatives (entities with or without the <c>__entity</c> escape, <c>has</c>
/// with an attribute path, values with <c>__extn</c>). Errors name the JSON path of the problem. Nodes carry
/// <see cref="SourceSpan.None"/>.
/// </summary>
public static class PolicyJsonReader
{
    private static readonly SourceSpan None = SourceSpan.None;

    /// <summary>Parses one JSON policy or template and gives it <paramref name="id"/>.</summary>
    public static Policy Parse(string json, string id)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4096 });
        }
        catch (JsonException e)
        {
            throw new CedarJsonException($"not valid JSON: {e.Message}", "");
        }
        using (doc)
        {
            return Read(doc.RootElement, id);
        }
    }

    public static Policy Read(JsonElement e, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        RequireObject(e, "");
        CheckKeys(e, "", "effect", "principal", "action", "resource", "conditions", "annotations");
        var effect = RequiredString(e, "effect", "") switch
        {
            "permit" => Effect.Permit,
            "forbid" => Effect.Forbid,
            var other => throw new CedarJsonException($"`effect` must be \"permit\" or \"forbid\", found \"{other}\"", "effect"),
        };
        var principal = ReadScope(Required(e, "principal", ""), "principal", SlotId.Principal);
        var action = ReadAction(Required(e, "action", ""), "action");
        var resource = ReadScope(Required(e, "resource", ""), "resource", SlotId.Resource);
        var conditions = new List<Condition>();
        if (e.TryGetProperty("conditions", out var cs))
        {
            if (cs.ValueKind != JsonValueKind.Array) throw new CedarJsonException("`conditions` must be an array", "conditions");
            var i = 0;
            foreach (var c in cs.EnumerateArray())
            {
                var path = $"conditions[{i++}]";
                RequireObject(c, path);
                CheckKeys(c, path, "kind", "body");
                var isWhen = RequiredString(c, "kind", path) switch
                {
                    "when" => true,
                    "unless" => false,
                    var other => throw new CedarJsonException($"`kind` must be \"when\" or \"unless\", found \"{other}\"", path + ".kind"),
                };
                conditions.Add(new Condition(isWhen, ReadExpr(Required(c, "body", path), path + ".body"), None));
            }
        }
        else
        {
            throw new CedarJsonException("missing `conditions` (use [] for none)", "");
        }
        var annotations = new List<Annotation>();
        if (e.TryGetProperty("annotations", out var annots) && annots.ValueKind != JsonValueKind.Null)
        {
            RequireObject(annots, "annotations");
            foreach (var p in annots.EnumerateObject())
            {
                var value = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => throw new CedarJsonException("an annotation's value must be a string or null", "annotations." + p.Name),
                };
                if (!IsIdentifier(p.Name)) throw new CedarJsonException($"`{p.Name}` is not a valid annotation name", "annotations");
                annotations.Add(new Annotation(p.Name, value, None));
            }
        }
        return new Policy(id, effect, annotations, principal, action, resource, conditions, None);
    }

    private static ScopeConstraint ReadScope(JsonElement e, string path, SlotId slot)
    {
        RequireObject(e, path);
        var op = RequiredString(e, "op", path);
        switch (op)
        {
            case "All":
                CheckKeys(e, path, "op");
                return ScopeConstraint.Any(None);
            case "==":
            case "in":
                {
                    CheckKeys(e, path, "op", "entity", "slot");
                    var (uid, s) = ReadTarget(e, path, slot);
                    return new ScopeConstraint(op == "==" ? ScopeKind.Eq : ScopeKind.In, uid, s, null, None);
                }
            case "is":
                {
                    CheckKeys(e, path, "op", "entity_type", "in");
                    var type = RequiredString(e, "entity_type", path);
                    CheckName(type, path + ".entity_type");
                    if (!e.TryGetProperty("in", out var inner) || inner.ValueKind == JsonValueKind.Null)
                        return new ScopeConstraint(ScopeKind.Is, null, null, type, None);
                    RequireObject(inner, path + ".in");
                    CheckKeys(inner, path + ".in", "entity", "slot");
                    var (uid, s) = ReadTarget(inner, path + ".in", slot);
                    return new ScopeConstraint(ScopeKind.IsIn, uid, s, type, None);
                }
            default:
                throw new CedarJsonException($"`op` must be \"All\", \"==\", \"in\" or \"is\", found \"{op}\"", path + ".op");
        }
    }

    private static (EntityUid? Uid, SlotId? Slot) ReadTarget(JsonElement e, string path, SlotId slot)
    {
        var hasEntity = e.TryGetProperty("entity", out var entity);
        var hasSlot = e.TryGetProperty("slot", out var s);
        if (hasEntity == hasSlot) throw new CedarJsonException("expected exactly one of `entity` and `slot`", path);
        if (hasEntity) return (ReadUid(entity, path + ".entity"), null);
        var expected = slot == SlotId.Principal ? "?principal" : "?resource";
        if (s.ValueKind != JsonValueKind.String || s.GetString() != expected)
            throw new CedarJsonException($"`slot` must be \"{expected}\" here", path + ".slot");
        return (null, slot);
    }

    private static ActionConstraint ReadAction(JsonElement e, string path)
    {
        RequireObject(e, path);
        var op = RequiredString(e, "op", path);
        switch (op)
        {
            case "All":
                CheckKeys(e, path, "op");
                return ActionConstraint.Any(None);
            case "==":
                CheckKeys(e, path, "op", "entity");
                return new ActionConstraint(ScopeKind.Eq, [ReadActionUid(Required(e, "entity", path), path + ".entity")], false, None);
            case "in":
                {
                    CheckKeys(e, path, "op", "entity", "entities");
                    var hasEntity = e.TryGetProperty("entity", out var entity);
                    var hasEntities = e.TryGetProperty("entities", out var entities);
                    if (hasEntity == hasEntities) throw new CedarJsonException("expected exactly one of `entity` and `entities`", path);
                    if (hasEntity) return new ActionConstraint(ScopeKind.In, [ReadActionUid(entity, path + ".entity")], false, None);
                    if (entities.ValueKind != JsonValueKind.Array) throw new CedarJsonException("`entities` must be an array", path + ".entities");
                    var list = new List<EntityUid>();
                    var i = 0;
                    foreach (var x in entities.EnumerateArray())
                    {
                        list.Add(ReadActionUid(x, $"{path}.entities[{i++}]"));
                    }
                    return new ActionConstraint(ScopeKind.In, list, true, None);
                }
            default:
                throw new CedarJsonException($"`op` must be \"All\", \"==\" or \"in\" for the action, found \"{op}\"", path + ".op");
        }
    }

    private static EntityUid ReadActionUid(JsonElement e, string path)
    {
        var uid = ReadUid(e, path);
        if (!(uid.Type == "Action" || uid.Type.EndsWith("::Action", StringComparison.Ordinal)))
            throw new CedarJsonException($"expected an entity of type `Action`, found `{uid}`", path);
        return uid;
    }

    /// <summary>An entity UID: <c>{"type", "id"}</c> or <c>{"__entity": {"type", "id"}}</c>.</summary>
    private static EntityUid ReadUid(JsonElement e, string path)
    {
        RequireObject(e, path);
        if (e.TryGetProperty("__entity", out var inner))
        {
            CheckKeys(e, path, "__entity");
            return ReadUid(inner, path + ".__entity");
        }
        CheckKeys(e, path, "type", "id");
        var type = RequiredString(e, "type", path);
        CheckName(type, path + ".type");
        return new EntityUid(type, RequiredString(e, "id", path));
    }

    /// <summary>One expression in the EST's expression form.</summary>
    public static Expr ReadExpr(JsonElement e, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        RequireObject(e, path);
        using var props = e.EnumerateObject();
        if (!props.MoveNext()) throw new CedarJsonException("an expression must have exactly one key", path);
        var p = props.Current;
        if (props.MoveNext()) throw new CedarJsonException($"an expression must have exactly one key, found `{p.Name}` and `{props.Current.Name}`", path);
        var v = p.Value;
        var here = path.Length == 0 ? p.Name : path + "." + p.Name;
        switch (p.Name)
        {
            case "Value":
                return ReadValue(v, here);
            case "Var":
                return new VariableExpr(v.ValueKind == JsonValueKind.String ? v.GetString() switch
                {
                    "principal" => Variable.Principal,
                    "action" => Variable.Action,
                    "resource" => Variable.Resource,
                    "context" => Variable.Context,
                    var other => throw new CedarJsonException($"unknown variable \"{other}\"", here),
                } : throw new CedarJsonException("`Var` must be a string", here), None);
            case "Slot":
                return new SlotExpr(v.ValueKind == JsonValueKind.String ? v.GetString() switch
                {
                    "?principal" => SlotId.Principal,
                    "?resource" => SlotId.Resource,
                    var other => throw new CedarJsonException($"unknown slot \"{other}\"", here),
                } : throw new CedarJsonException("`Slot` must be a string", here), None);
            case "Unknown":
                throw new CedarJsonException("`Unknown` (partial evaluation) is not supported", here);
            case "!":
                return new UnaryExpr(UnaryOp.Not, Arg(v, here), None);
            case "neg":
                return new UnaryExpr(UnaryOp.Neg, Arg(v, here), None);
            case "isEmpty":
                return new UnaryExpr(UnaryOp.IsEmpty, Arg(v, here), None);
            case "&&":
                {
                    var (l, r) = LeftRight(v, here);
                    return new AndExpr(l, r, None);
                }
            case "||":
                {
                    var (l, r) = LeftRight(v, here);
                    return new OrExpr(l, r, None);
                }
            case ".":
                {
                    RequireObject(v, here);
                    CheckKeys(v, here, "left", "attr");
                    return new GetAttrExpr(ReadExpr(Required(v, "left", here), here + ".left"), RequiredString(v, "attr", here), None);
                }
            case "has":
                return ReadHas(v, here);
            case "like":
                {
                    RequireObject(v, here);
                    CheckKeys(v, here, "left", "pattern");
                    return new LikeExpr(ReadExpr(Required(v, "left", here), here + ".left"), ReadPattern(Required(v, "pattern", here), here + ".pattern"), None);
                }
            case "is":
                {
                    RequireObject(v, here);
                    CheckKeys(v, here, "left", "entity_type", "in");
                    var type = RequiredString(v, "entity_type", here);
                    CheckName(type, here + ".entity_type");
                    Expr? inExpr = v.TryGetProperty("in", out var ie) && ie.ValueKind != JsonValueKind.Null ? ReadExpr(ie, here + ".in") : null;
                    return new IsExpr(ReadExpr(Required(v, "left", here), here + ".left"), type, inExpr, None);
                }
            case "if-then-else":
                {
                    RequireObject(v, here);
                    CheckKeys(v, here, "if", "then", "else");
                    return new IfExpr(
                        ReadExpr(Required(v, "if", here), here + ".if"),
                        ReadExpr(Required(v, "then", here), here + ".then"),
                        ReadExpr(Required(v, "else", here), here + ".else"), None);
                }
            case "Set":
                {
                    if (v.ValueKind != JsonValueKind.Array) throw new CedarJsonException("`Set` must be an array", here);
                    var items = new List<Expr>();
                    var i = 0;
                    foreach (var x in v.EnumerateArray()) items.Add(ReadExpr(x, $"{here}[{i++}]"));
                    return new SetExpr(items, None);
                }
            case "Record":
                {
                    RequireObject(v, here);
                    var attrs = new List<KeyValuePair<string, Expr>>();
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var a in v.EnumerateObject())
                    {
                        if (!seen.Add(a.Name)) throw new CedarJsonException($"duplicate key `{a.Name}` in record", here);
                        attrs.Add(new(a.Name, ReadExpr(a.Value, here + "." + a.Name)));
                    }
                    return new RecordExpr(attrs, None);
                }
        }
        if (TryBinary(p.Name, out var op))
        {
            var (l, r) = LeftRight(v, here);
            return new BinaryExpr(op, l, r, None);
        }
        return ReadExtensionCall(p.Name, v, here);
    }

    private static Expr ReadExtensionCall(string name, JsonElement v, string path)
    {
        bool isMethod;
        int arity;
        if (Parser.ExtensionFunctionArity.TryGetValue(name, out arity)) isMethod = false;
        else if (Parser.ExtensionMethodArity.TryGetValue(name, out arity)) isMethod = true;
        else throw new CedarJsonException($"unknown expression kind or extension function `{name}`", path);
        if (v.ValueKind != JsonValueKind.Array) throw new CedarJsonException($"the arguments of `{name}` must be an array", path);
        var args = new List<Expr>();
        var i = 0;
        foreach (var x in v.EnumerateArray()) args.Add(ReadExpr(x, $"{path}[{i++}]"));
        // Like the text parser, the wrong number of arguments is left for evaluation to report.
        _ = arity;
        return new ExtensionCallExpr(name, args, isMethod, None);
    }

    private static Expr ReadHas(JsonElement v, string path)
    {
        RequireObject(v, path);
        CheckKeys(v, path, "left", "attr");
        var target = ReadExpr(Required(v, "left", path), path + ".left");
        var attr = Required(v, "attr", path);
        if (attr.ValueKind == JsonValueKind.String) return new HasAttrExpr(target, attr.GetString()!, None);
        if (attr.ValueKind != JsonValueKind.Array || attr.GetArrayLength() == 0)
            throw new CedarJsonException("`attr` must be a string or a non-empty array of strings", path + ".attr");
        // `has a.b.c` means `has a && a has b && a.b has c`, as in the text form.
        Expr? result = null;
        var prefix = target;
        foreach (var a in attr.EnumerateArray())
        {
            if (a.ValueKind != JsonValueKind.String) throw new CedarJsonException("`attr` must hold strings", path + ".attr");
            var name = a.GetString()!;
            var has = new HasAttrExpr(prefix, name, None);
            result = result is null ? has : new AndExpr(result, has, None);
            prefix = new GetAttrExpr(prefix, name, None);
        }
        return result!;
    }

    private static Pattern ReadPattern(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Array) throw new CedarJsonException("`pattern` must be an array", path);
        var elements = new List<PatternElement>();
        var i = 0;
        foreach (var x in v.EnumerateArray())
        {
            var here = $"{path}[{i++}]";
            if (x.ValueKind == JsonValueKind.String && x.GetString() == "Wildcard")
            {
                elements.Add(PatternElement.Wildcard);
                continue;
            }
            if (x.ValueKind == JsonValueKind.Object && x.TryGetProperty("Literal", out var lit) && lit.ValueKind == JsonValueKind.String)
            {
                CheckKeys(x, here, "Literal");
                foreach (var c in lit.GetString()!) elements.Add(PatternElement.Literal(c));
                continue;
            }
            throw new CedarJsonException("a pattern element must be \"Wildcard\" or {\"Literal\": string}", here);
        }
        return new Pattern(elements);
    }

    /// <summary>A <c>Value</c>: a literal, or a set, record or extension value written as a value.</summary>
    private static Expr ReadValue(JsonElement v, string path)
    {
        switch (v.ValueKind)
        {
            case JsonValueKind.True:
                return new LiteralExpr(Value.True, None);
            case JsonValueKind.False:
                return new LiteralExpr(Value.False, None);
            case JsonValueKind.String:
                return new LiteralExpr(Value.FromString(v.GetString()!), None);
            case JsonValueKind.Number:
                if (!v.TryGetInt64(out var n)) throw new CedarJsonException($"{v.GetRawText()} is not a 64-bit integer", path);
                return new LiteralExpr(Value.FromLong(n), None);
            case JsonValueKind.Array:
                {
                    var items = new List<Expr>();
                    var i = 0;
                    foreach (var x in v.EnumerateArray()) items.Add(ReadValue(x, $"{path}[{i++}]"));
                    return new SetExpr(items, None);
                }
            case JsonValueKind.Object:
                if (v.TryGetProperty("__entity", out _)) return new LiteralExpr(Value.FromEntity(ReadUid(v, path)), None);
                if (v.TryGetProperty("__extn", out var extn))
                {
                    CheckKeys(v, path, "__extn");
                    RequireObject(extn, path + ".__extn");
                    CheckKeys(extn, path + ".__extn", "fn", "arg", "args");
                    var fn = RequiredString(extn, "fn", path + ".__extn");
                    var args = new List<Expr>();
                    if (extn.TryGetProperty("arg", out var arg)) args.Add(ReadValue(arg, path + ".__extn.arg"));
                    if (extn.TryGetProperty("args", out var many))
                    {
                        if (many.ValueKind != JsonValueKind.Array) throw new CedarJsonException("`args` must be an array", path + ".__extn.args");
                        var i = 0;
                        foreach (var x in many.EnumerateArray()) args.Add(ReadValue(x, $"{path}.__extn.args[{i++}]"));
                    }
                    var isMethod = !Parser.ExtensionFunctionArity.ContainsKey(fn);
                    if (isMethod && !Parser.ExtensionMethodArity.ContainsKey(fn))
                        throw new CedarJsonException($"unknown extension function `{fn}`", path + ".__extn.fn");
                    return new ExtensionCallExpr(fn, args, isMethod, None);
                }
                {
                    var attrs = new List<KeyValuePair<string, Expr>>();
                    foreach (var a in v.EnumerateObject()) attrs.Add(new(a.Name, ReadValue(a.Value, path + "." + a.Name)));
                    return new RecordExpr(attrs, None);
                }
            default:
                throw new CedarJsonException($"a {v.ValueKind} is not a Cedar value", path);
        }
    }

    private static Expr Arg(JsonElement v, string path)
    {
        RequireObject(v, path);
        CheckKeys(v, path, "arg");
        return ReadExpr(Required(v, "arg", path), path + ".arg");
    }

    private static (Expr Left, Expr Right) LeftRight(JsonElement v, string path)
    {
        RequireObject(v, path);
        CheckKeys(v, path, "left", "right");
        return (ReadExpr(Required(v, "left", path), path + ".left"), ReadExpr(Required(v, "right", path), path + ".right"));
    }

    private static bool TryBinary(string name, out BinaryOp op)
    {
        op = name switch
        {
            "==" => BinaryOp.Eq,
            "!=" => BinaryOp.NotEq,
            "<" => BinaryOp.Less,
            "<=" => BinaryOp.LessEq,
            ">" => BinaryOp.Greater,
            ">=" => BinaryOp.GreaterEq,
            "+" => BinaryOp.Add,
            "-" => BinaryOp.Sub,
            "*" => BinaryOp.Mul,
            "in" => BinaryOp.In,
            "contains" => BinaryOp.Contains,
            "containsAll" => BinaryOp.ContainsAll,
            "containsAny" => BinaryOp.ContainsAny,
            "getTag" => BinaryOp.GetTag,
            "hasTag" => BinaryOp.HasTag,
            _ => (BinaryOp)255,
        };
        return op != (BinaryOp)255;
    }

    private static JsonElement Required(JsonElement e, string key, string path) =>
        e.TryGetProperty(key, out var v) ? v : throw new CedarJsonException($"missing `{key}`", path);

    private static string RequiredString(JsonElement e, string key, string path)
    {
        var v = Required(e, key, path);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new CedarJsonException($"`{key}` must be a string", Join(path, key));
    }

    private static void RequireObject(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new CedarJsonException($"expected a JSON object, found {e.ValueKind}", path);
    }

    private static void CheckKeys(JsonElement e, string path, params string[] allowed)
    {
        foreach (var p in e.EnumerateObject())
        {
            if (Array.IndexOf(allowed, p.Name) < 0)
                throw new CedarJsonException($"unexpected key `{p.Name}` (expected {string.Join(", ", allowed.Select(a => "`" + a + "`"))})", path);
        }
    }

    private static void CheckName(string name, string path)
    {
        foreach (var part in name.Split("::"))
        {
            if (!IsIdentifier(part)) throw new CedarJsonException($"`{name}` is not a valid entity type name", path);
        }
    }

    private static bool IsIdentifier(string s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetter(s[0]) || s[0] == '_')) return false;
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        }
        return true;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}

using System.Buffers;
using System.Text;
using System.Text.Json;
using Sekisho.Cedar.Ast;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Json;

/// <summary>
/// Writes policies in Cedar's JSON policy format (the EST), key for key as the reference's
/// <c>policyToJson</c> does: annotations sorted by key and omitted when there are none, a one-element action list
/// written as a single entity, one <c>like</c> pattern element per character.
/// </summary>
public static class PolicyJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The policy (or template) as a JSON document.</summary>
    public static string ToJson(Policy policy, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Options with { Indented = indented }))
        {
            Write(w, policy);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Write(Utf8JsonWriter w, Policy policy)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(policy);
        w.WriteStartObject();
        w.WriteString("effect", policy.Effect == Effect.Permit ? "permit" : "forbid");
        w.WritePropertyName("principal");
        WriteScope(w, policy.Principal);
        w.WritePropertyName("action");
        WriteAction(w, policy.Action);
        w.WritePropertyName("resource");
        WriteScope(w, policy.Resource);
        w.WriteStartArray("conditions");
        foreach (var c in policy.Conditions)
        {
            w.WriteStartObject();
            w.WriteString("kind", c.IsWhen ? "when" : "unless");
            w.WritePropertyName("body");
            WriteExpr(w, c.Body);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (policy.Annotations.Count > 0)
        {
            var sorted = new List<Annotation>(policy.Annotations);
            sorted.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            w.WriteStartObject("annotations");
            foreach (var a in sorted)
            {
                if (a.Value is null) w.WriteNull(a.Key);
                else w.WriteString(a.Key, a.Value);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteScope(Utf8JsonWriter w, ScopeConstraint c)
    {
        w.WriteStartObject();
        switch (c.Kind)
        {
            case ScopeKind.Any:
                w.WriteString("op", "All");
                break;
            case ScopeKind.Eq:
                w.WriteString("op", "==");
                WriteTarget(w, c);
                break;
            case ScopeKind.In:
                w.WriteString("op", "in");
                WriteTarget(w, c);
                break;
            case ScopeKind.Is:
                w.WriteString("op", "is");
                w.WriteString("entity_type", c.EntityType);
                break;
            case ScopeKind.IsIn:
                w.WriteString("op", "is");
                w.WriteString("entity_type", c.EntityType);
                w.WriteStartObject("in");
                WriteTarget(w, c);
                w.WriteEndObject();
                break;
            default:
                throw new CedarException($"unknown scope constraint kind {c.Kind}");
        }
        w.WriteEndObject();
    }

    private static void WriteTarget(Utf8JsonWriter w, ScopeConstraint c)
    {
        if (c.Slot is { } slot)
        {
            w.WriteString("slot", slot == SlotId.Principal ? "?principal" : "?resource");
        }
        else
        {
            w.WritePropertyName("entity");
            WriteUid(w, c.Entity ?? throw new CedarException("scope constraint without an entity or slot"));
        }
    }

    private static void WriteAction(Utf8JsonWriter w, ActionConstraint c)
    {
        w.WriteStartObject();
        switch (c.Kind)
        {
            case ScopeKind.Any:
                w.WriteString("op", "All");
                break;
            case ScopeKind.Eq:
                w.WriteString("op", "==");
                w.WritePropertyName("entity");
                WriteUid(w, c.Entities[0]);
                break;
            case ScopeKind.In when c.Entities.Count == 1:
                // The reference collapses `action in [A]` to `action in A` in its JSON.
                w.WriteString("op", "in");
                w.WritePropertyName("entity");
                WriteUid(w, c.Entities[0]);
                break;
            case ScopeKind.In:
                w.WriteString("op", "in");
                w.WriteStartArray("entities");
                foreach (var e in c.Entities) WriteUid(w, e);
                w.WriteEndArray();
                break;
            default:
                throw new CedarException($"unknown action constraint kind {c.Kind}");
        }
        w.WriteEndObject();
    }

    private static void WriteUid(Utf8JsonWriter w, EntityUid uid)
    {
        w.WriteStartObject();
        w.WriteString("type", uid.Type);
        w.WriteString("id", uid.Id);
        w.WriteEndObject();
    }

    /// <summary>One expression in the EST's expression form.</summary>
    public static void WriteExpr(Utf8JsonWriter w, Expr e)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(e);
        w.WriteStartObject();
        switch (e)
        {
            case LiteralExpr lit:
                w.WritePropertyName("Value");
                WriteLiteral(w, lit.Value);
                break;
            case VariableExpr v:
                w.WriteString("Var", VariableName(v.Variable));
                break;
            case SlotExpr s:
                w.WriteString("Slot", s.Slot == SlotId.Principal ? "?principal" : "?resource");
                break;
            case UnaryExpr u:
                w.WriteStartObject(u.Op switch { UnaryOp.Not => "!", UnaryOp.Neg => "neg", _ => "isEmpty" });
                w.WritePropertyName("arg");
                WriteExpr(w, u.Operand);
                w.WriteEndObject();
                break;
            case AndExpr a:
                WriteBinary(w, "&&", a.Left, a.Right);
                break;
            case OrExpr o:
                WriteBinary(w, "||", o.Left, o.Right);
                break;
            case BinaryExpr b:
                WriteBinary(w, BinaryName(b.Op), b.Left, b.Right);
                break;
            case GetAttrExpr g:
                w.WriteStartObject(".");
                w.WritePropertyName("left");
                WriteExpr(w, g.Target);
                w.WriteString("attr", g.Attribute);
                w.WriteEndObject();
                break;
            case HasAttrExpr h:
                w.WriteStartObject("has");
                w.WritePropertyName("left");
                WriteExpr(w, h.Target);
                w.WriteString("attr", h.Attribute);
                w.WriteEndObject();
                break;
            case LikeExpr l:
                w.WriteStartObject("like");
                w.WritePropertyName("left");
                WriteExpr(w, l.Target);
                w.WriteStartArray("pattern");
                WritePattern(w, l.Pattern);
                w.WriteEndArray();
                w.WriteEndObject();
                break;
            case IsExpr i:
                w.WriteStartObject("is");
                w.WritePropertyName("left");
                WriteExpr(w, i.Target);
                w.WriteString("entity_type", i.EntityType);
                if (i.InExpr is { } inExpr)
                {
                    w.WritePropertyName("in");
                    WriteExpr(w, inExpr);
                }
                w.WriteEndObject();
                break;
            case IfExpr f:
                w.WriteStartObject("if-then-else");
                w.WritePropertyName("if");
                WriteExpr(w, f.Condition);
                w.WritePropertyName("then");
                WriteExpr(w, f.Then);
                w.WritePropertyName("else");
                WriteExpr(w, f.Else);
                w.WriteEndObject();
                break;
            case SetExpr s:
                w.WriteStartArray("Set");
                foreach (var x in s.Elements) WriteExpr(w, x);
                w.WriteEndArray();
                break;
            case RecordExpr r:
                w.WriteStartObject("Record");
                // The reference keeps record attributes in a sorted map, so its JSON lists them by code point.
                var attributes = new List<KeyValuePair<string, Expr>>(r.Attributes);
                attributes.Sort((a, b) => CompareCodePoints(a.Key, b.Key));
                foreach (var (k, v) in attributes)
                {
                    w.WritePropertyName(k);
                    WriteExpr(w, v);
                }
                w.WriteEndObject();
                break;
            case ExtensionCallExpr x:
                w.WriteStartArray(x.Name);
                foreach (var a in x.Arguments) WriteExpr(w, a);
                w.WriteEndArray();
                break;
            default:
                throw new CedarException($"cannot write expression kind {e.Kind} as JSON");
        }
        w.WriteEndObject();
    }

    private static void WriteBinary(Utf8JsonWriter w, string name, Expr left, Expr right)
    {
        w.WriteStartObject(name);
        w.WritePropertyName("left");
        WriteExpr(w, left);
        w.WritePropertyName("right");
        WriteExpr(w, right);
        w.WriteEndObject();
    }

    private static void WritePattern(Utf8JsonWriter w, Pattern pattern)
    {
        var elements = pattern.Elements;
        for (var i = 0; i < elements.Length; i++)
        {
            var e = elements[i];
            if (e.IsWildcard)
            {
                w.WriteStringValue("Wildcard");
                continue;
            }
            // One element per Unicode scalar, as the reference has: keep surrogate pairs together.
            var text = char.IsHighSurrogate(e.Char) && i + 1 < elements.Length && !elements[i + 1].IsWildcard && char.IsLowSurrogate(elements[i + 1].Char)
                ? new string([e.Char, elements[++i].Char])
                : e.Char.ToString();
            w.WriteStartObject();
            w.WriteString("Literal", text);
            w.WriteEndObject();
        }
    }

    /// <summary>A value in the JSON value form (<c>__entity</c> and <c>__extn</c> escapes).</summary>
    public static void WriteLiteral(Utf8JsonWriter w, Value v)
    {
        ArgumentNullException.ThrowIfNull(w);
        switch (v.Kind)
        {
            case ValueKind.Bool:
                w.WriteBooleanValue(v.AsBool);
                break;
            case ValueKind.Long:
                w.WriteNumberValue(v.AsLong);
                break;
            case ValueKind.String:
                w.WriteStringValue(v.AsString);
                break;
            case ValueKind.Entity:
                w.WriteStartObject();
                w.WritePropertyName("__entity");
                WriteUid(w, v.AsEntity);
                w.WriteEndObject();
                break;
            case ValueKind.Set:
                w.WriteStartArray();
                foreach (var x in v.AsSet.Items) WriteLiteral(w, x);
                w.WriteEndArray();
                break;
            case ValueKind.Record:
                w.WriteStartObject();
                foreach (var (k, x) in v.AsRecord.Attributes)
                {
                    w.WritePropertyName(k);
                    WriteLiteral(w, x);
                }
                w.WriteEndObject();
                break;
            default:
                throw new CedarException($"cannot write a {v.TypeName} literal as JSON");
        }
    }

    /// <summary>Orders strings by Unicode code point (UTF-8 byte order), as Rust orders its strings.</summary>
    public static int CompareCodePoints(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var ea = a.EnumerateRunes();
        var eb = b.EnumerateRunes();
        while (true)
        {
            var hasA = ea.MoveNext();
            var hasB = eb.MoveNext();
            if (!hasA || !hasB) return hasA ? 1 : hasB ? -1 : 0;
            var c = ea.Current.Value.CompareTo(eb.Current.Value);
            if (c != 0) return c;
        }
    }

    public static string VariableName(Variable v) => v switch
    {
        Variable.Principal => "principal",
        Variable.Action => "action",
        Variable.Resource => "resource",
        _ => "context",
    };

    public static string BinaryName(BinaryOp op) => op switch
    {
        BinaryOp.Eq => "==",
        BinaryOp.NotEq => "!=",
        BinaryOp.Less => "<",
        BinaryOp.LessEq => "<=",
        BinaryOp.Greater => ">",
        BinaryOp.GreaterEq => ">=",
        BinaryOp.Add => "+",
        BinaryOp.Sub => "-",
        BinaryOp.Mul => "*",
        BinaryOp.In => "in",
        BinaryOp.Contains => "contains",
        BinaryOp.ContainsAll => "containsAll",
        BinaryOp.ContainsAny => "containsAny",
        BinaryOp.GetTag => "getTag",
        BinaryOp.HasTag => "hasTag",
        _ => throw new CedarException($"unknown binary operator {op}"),
    };
}

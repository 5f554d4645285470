using System.Text.Json;

namespace Sekisho.Policy;

/// <summary>
/// Writes an <see cref="EvaluationResult"/> as the JSON object of the simulate contract:
/// <c>{"decision", "message", "deniedBy", "explanation": {...}}</c>. Writing to a caller's writer is not I/O of its own.
/// </summary>
public static class EvaluationResultJson
{
    public static void Write(Utf8JsonWriter writer, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        writer.WriteString("decision", result.Decision.ToString());
        writer.WriteString("message", result.Message);
        if (result.DeniedBy is { } kind) writer.WriteString("deniedBy", KindName(kind));
        else writer.WriteNull("deniedBy");
        if (result.Explanation is { } e)
        {
            writer.WritePropertyName("explanation");
            WriteExplanation(writer, e);
        }
        writer.WriteEndObject();
    }

    public static string KindName(PolicyKind kind) => kind switch
    {
        PolicyKind.ServiceControlPolicy => "ServiceControlPolicy",
        PolicyKind.ResourceControlPolicy => "ResourceControlPolicy",
        PolicyKind.ResourceBased => "ResourceBasedPolicy",
        PolicyKind.RoleTrust => "RoleTrustPolicy",
        PolicyKind.IdentityBased => "IdentityBasedPolicy",
        PolicyKind.PermissionsBoundary => "PermissionsBoundary",
        _ => "SessionPolicy",
    };

    private static void WriteExplanation(Utf8JsonWriter writer, Explanation e)
    {
        writer.WriteStartObject();
        writer.WriteString("summary", e.Summary);
        if (e.DecidedBy is { } d)
        {
            writer.WriteStartObject("decidedBy");
            writer.WriteString("kind", KindName(d.Kind));
            WriteNullable(writer, "policy", d.PolicyName);
            WriteNullable(writer, "level", d.Level);
            WriteNullable(writer, "statement", d.StatementIndex);
            WriteNullable(writer, "sid", d.Sid);
            writer.WriteEndObject();
        }
        else writer.WriteNull("decidedBy");
        writer.WriteBoolean("crossAccount", e.CrossAccount);
        writer.WriteBoolean("trustPolicyEvaluation", e.TrustPolicyEvaluation);
        writer.WriteString("principalAccount", e.PrincipalAccount);
        writer.WriteString("resourceAccount", e.ResourceAccount);
        writer.WriteStartObject("context");
        foreach (var (k, values) in e.Context)
        {
            writer.WriteStartArray(k);
            foreach (var v in values) writer.WriteStringValue(v);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
        writer.WriteStartArray("derivedKeys");
        foreach (var k in e.DerivedKeys) writer.WriteStringValue(k);
        writer.WriteEndArray();
        writer.WriteStartArray("policies");
        foreach (var p in e.Policies)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", KindName(p.Kind));
            writer.WriteString("name", p.Name);
            WriteNullable(writer, "level", p.Level);
            writer.WriteBoolean("allows", p.Allows);
            writer.WriteBoolean("denies", p.Denies);
            writer.WriteStartArray("statements");
            foreach (var s in p.Statements) WriteStatement(writer, s);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteStatement(Utf8JsonWriter writer, StatementTrace s)
    {
        writer.WriteStartObject();
        writer.WriteNumber("index", s.Index);
        WriteNullable(writer, "sid", s.Sid);
        writer.WriteString("effect", s.Effect.ToString());
        writer.WriteNumber("line", s.Position.Line);
        writer.WriteBoolean("applies", s.Applies);
        writer.WriteBoolean("actionMatched", s.ActionMatched);
        writer.WriteBoolean("resourceMatched", s.ResourceMatched);
        if (s.PrincipalMatched is { } pm) writer.WriteBoolean("principalMatched", pm);
        else writer.WriteNull("principalMatched");
        WriteNullable(writer, "note", s.Note);
        writer.WriteStartArray("conditions");
        foreach (var c in s.Conditions)
        {
            writer.WriteStartObject();
            writer.WriteString("operator", c.Operator);
            writer.WriteString("key", c.Key);
            if (c.ContextValues is null) writer.WriteNull("contextValues");
            else
            {
                writer.WriteStartArray("contextValues");
                foreach (var v in c.ContextValues) writer.WriteStringValue(v);
                writer.WriteEndArray();
            }
            writer.WriteStartArray("policyValues");
            foreach (var v in c.PolicyValues) writer.WriteStringValue(v);
            writer.WriteEndArray();
            writer.WriteBoolean("result", c.Result);
            WriteNullable(writer, "note", c.Note);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteNumber(name, value.Value);
    }
}

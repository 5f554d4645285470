using Sekisho.Policy;
using Sekisho.Policy.Validation;

namespace Sekisho.Server.Identity;

/// <summary>
/// Every policy document written through IAM passes here: parsed and validated by the policy engine; errors refuse
/// it with MalformedPolicyDocument and the parser's line and column, warnings do not block.
/// </summary>
public static class PolicyDocuments
{
    /// <summary>What kind of document is written: principals are required in trust policies and refused elsewhere.</summary>
    public enum Kind
    {
        Identity,
        Trust,
    }

    /// <summary>Checks a document; returns the validator's warnings.</summary>
    public static IReadOnlyList<Diagnostic> Check(string json, Kind kind)
    {
        ArgumentNullException.ThrowIfNull(json);
        var parsed = PolicyValidator.ParseAndValidate(json);
        foreach (var d in parsed.Diagnostics)
            if (d.Severity == DiagnosticSeverity.Error)
                throw IamErrors.Malformed($"Syntax error at line {d.Line}, column {d.Column}: {d.Message} ({d.Code})");
        if (parsed.Document is null) throw IamErrors.Malformed("The policy document is not valid JSON.");
        foreach (var statement in parsed.Document.Statements)
        {
            var hasPrincipal = statement.Principal is not null;
            if (kind == Kind.Identity && hasPrincipal)
                throw IamErrors.Malformed($"Policy document should not specify a principal (statement at line {statement.Position.Line}, column {statement.Position.Column}).");
            if (kind == Kind.Trust && !hasPrincipal)
                throw IamErrors.Malformed($"Missing required field Principal (statement at line {statement.Position.Line}, column {statement.Position.Column}).");
        }
        var warnings = new List<Diagnostic>();
        foreach (var d in parsed.Diagnostics)
            if (d.Severity == DiagnosticSeverity.Warning) warnings.Add(d);
        return warnings;
    }

    /// <summary>AWS returns policy documents percent-encoded (RFC 3986); clients decode them.</summary>
    public static string Encode(string json) => Uri.EscapeDataString(json);
}

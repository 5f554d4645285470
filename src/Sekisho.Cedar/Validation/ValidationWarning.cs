using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Validation;

/// <summary>A validation warning; today only "impossible policy" (the policy can never apply to a request the schema allows).</summary>
public sealed record ValidationWarning(string PolicyId, SourceSpan Span, string Message)
{
    public override string ToString() => $"for policy `{PolicyId}`, {Message}";
}

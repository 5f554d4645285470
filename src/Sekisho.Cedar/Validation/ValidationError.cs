using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Validation;

/// <summary>
/// One validation error: what kind, in which policy, where in the policy text, and the message (without the
/// policy id, which <see cref="ToString"/> adds as the reference does).
/// </summary>
public sealed record ValidationError(ValidationErrorKind Kind, string PolicyId, SourceSpan Span, string Message)
{
    public override string ToString() => $"for policy `{PolicyId}`, {Message}";
}

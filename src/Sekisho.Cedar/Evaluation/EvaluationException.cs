using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Evaluation;

/// <summary>
/// An evaluation error: the policy being evaluated is "erroring" and is skipped by the authorizer. Carries
/// the kind and the span of the expression that failed.
/// </summary>
public sealed class EvaluationException : CedarException
{
    public EvaluationException(EvaluationErrorKind kind, string message, SourceSpan span)
        : base(message)
    {
        Kind = kind;
        Span = span;
    }

    public EvaluationException() : this(EvaluationErrorKind.TypeError, "evaluation error", SourceSpan.None) { }

    public EvaluationException(string message) : this(EvaluationErrorKind.TypeError, message, SourceSpan.None) { }

    public EvaluationException(string message, Exception inner) : base(message, inner) { }

    public EvaluationErrorKind Kind { get; }

    public SourceSpan Span { get; }
}

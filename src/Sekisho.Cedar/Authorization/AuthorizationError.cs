using Sekisho.Cedar.Evaluation;

namespace Sekisho.Cedar.Authorization;

/// <summary>A policy that was skipped because evaluating it failed, and why.</summary>
public sealed record AuthorizationError(string PolicyId, EvaluationErrorKind Kind, string Message);

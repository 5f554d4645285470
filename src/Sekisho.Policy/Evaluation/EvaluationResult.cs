namespace Sekisho.Policy;

/// <summary>
/// A decision with its AWS-worded message (empty when allowed) and, when asked for, its explanation.
/// <see cref="DeniedBy"/> names the policy kind the message names.
/// </summary>
public sealed record EvaluationResult(Decision Decision, PolicyKind? DeniedBy, string Message, Explanation? Explanation);

namespace Sekisho.Cedar.Authorization;

/// <summary>
/// A decision with the policies that determined it (<see cref="Reason"/>: the satisfied forbids when denied by
/// a forbid, else the satisfied permits when allowed, else none) and the policies that failed to evaluate.
/// </summary>
public sealed record AuthorizationResponse(Decision Decision, IReadOnlyList<string> Reason, IReadOnlyList<AuthorizationError> Errors)
{
    public bool IsAllowed => Decision == Decision.Allow;
}

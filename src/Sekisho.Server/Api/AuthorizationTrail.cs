using Sekisho.Server.Authorization;

namespace Sekisho.Server.Api;

/// <summary>
/// The decisions a handler made itself (operations registered without a declaration because one static
/// declaration cannot express them, such as StartSession's node and document checks), so the audit log records
/// what was decided instead of "NotAuthorized". One per request; handlers add in the order they decide.
/// </summary>
public sealed class AuthorizationTrail
{
    private readonly List<AuthorizationOutcome> _outcomes = [];

    public IReadOnlyList<AuthorizationOutcome> Outcomes => _outcomes;

    public void Add(AuthorizationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        _outcomes.Add(outcome);
    }
}

using Sekisho.Policy;

namespace Sekisho.Server.Authorization;

/// <summary>The decision for one request; when denied, the AWS message (with the encoded explanation appended) and the reason.</summary>
public sealed record AuthorizationOutcome(Decision Decision, string Action, string Resource, string? Message, string? Reason)
{
    public bool Allowed => Decision == Decision.Allowed;
}

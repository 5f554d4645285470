namespace Sekisho.Policy;

/// <summary>What kind of caller a request's principal string names (derived from its ARN).</summary>
public enum PrincipalType
{
    /// <summary>Not an ARN Sekisho recognises; matched only by exact text or "*".</summary>
    Other,
    User,
    Role,
    AssumedRole,
    FederatedUser,
    AccountRoot,
    Service,
}

using Sekisho.Server.Identity;

namespace Sekisho.Server.Nodes;

/// <summary>
/// An activation at <c>/accounts/{account}/ssm/activations/{id}</c>: what nodes registering with it get (role,
/// default name, tags), its limits, and the SHA-256 of its code (the code itself is shown once and never stored).
/// </summary>
public sealed record ActivationRecord(
    string ActivationId,
    string Account,
    string? Description,
    string? DefaultInstanceName,
    string IamRole,
    int RegistrationLimit,
    int RegistrationsCount,
    DateTimeOffset ExpirationDate,
    DateTimeOffset CreatedDate,
    IReadOnlyList<Tag> Tags,
    byte[] CodeHash)
{
    public bool IsExpired(DateTimeOffset now) => ExpirationDate <= now;
}

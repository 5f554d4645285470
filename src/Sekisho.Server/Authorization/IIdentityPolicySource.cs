namespace Sekisho.Server.Authorization;

/// <summary>
/// The identity part of the policy gatherer, implemented by the identity domain (iam-api). Implementations
/// should answer from an in-memory index kept fresh by the store's change feed: this is on every request's path.
/// </summary>
public interface IIdentityPolicySource
{
    /// <summary>The user named <paramref name="userName"/> in <paramref name="account"/>, or null when there is none.</summary>
    ValueTask<PrincipalPolicies?> GetUserAsync(string account, string userName, CancellationToken cancellationToken);

    /// <summary>The role with this ARN (its path may be omitted), or null when there is none.</summary>
    ValueTask<PrincipalPolicies?> GetRoleAsync(string account, string roleName, CancellationToken cancellationToken);
}

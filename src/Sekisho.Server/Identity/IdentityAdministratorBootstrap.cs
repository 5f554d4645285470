namespace Sekisho.Server.Identity;

/// <summary><c>sekisho server init</c>'s first administrator, made through the identity domain: a user with AdministratorAccess.</summary>
public sealed class IdentityAdministratorBootstrap(IdentityService identity) : IAdministratorBootstrap
{
    public async Task<(string UserName, string UserId)> CreateAdministratorAsync(string account, string userName, CancellationToken cancellationToken)
    {
        var user = await identity.CreateUserAsync(account, userName, null, null, null, cancellationToken).ConfigureAwait(false);
        await identity.AttachPolicyAsync(account, PolicyHolderKind.User, userName, AwsManagedPolicies.AdministratorAccessArn, cancellationToken).ConfigureAwait(false);
        return (user.UserName, user.UserId);
    }
}

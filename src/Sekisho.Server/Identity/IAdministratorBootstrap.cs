namespace Sekisho.Server.Identity;

/// <summary>How <c>sekisho server init</c> creates the first administrator (a user with AdministratorAccess) through the identity domain.</summary>
public interface IAdministratorBootstrap
{
    Task<(string UserName, string UserId)> CreateAdministratorAsync(string account, string userName, CancellationToken cancellationToken);
}

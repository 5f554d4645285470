using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sekisho.Server.Api;
using Sekisho.Server.Api.Iam;
using Sekisho.Server.Authorization;

namespace Sekisho.Server.Identity;

/// <summary>Registers the identity domain, its policy source for the authorizer, the administrator bootstrap and the IAM API.</summary>
public static class IdentityServiceCollection
{
    public static IServiceCollection AddSekishoIdentity(this IServiceCollection services)
    {
        services.TryAddSingleton<ISecretProtector, MasterKeySecretProtector>();
        services.TryAddSingleton<IPasswordHasher, AspNetPasswordHasher>();
        services.AddSingleton<IdentityService>();
        services.AddSingleton<IdentityPolicyGatherer>();
        services.AddHostedService<IdentityChangeWatcher>();
        services.TryAddSingleton<IIdentityPolicySource>(sp => sp.GetRequiredService<IdentityPolicyGatherer>());
        services.TryAddSingleton<IAdministratorBootstrap, IdentityAdministratorBootstrap>();
        services.AddSingleton<IamApi>();
        services.AddSingleton<IOperationModule, IamModule>();
        return services;
    }
}

using System.Text.Json;
using Sekisho.Policy;
using Sekisho.Server.Authorization;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Identity;

/// <summary>
/// The stand-in identity domain: the administrator user that <c>init</c> creates, stored at
/// <c>/accounts/{account}/users/{name}</c>, and <see cref="IIdentityPolicySource"/> over those records (AWS managed
/// policies only, no groups, no roles). The iam-api branch replaces this class: it registers its own
/// <see cref="IIdentityPolicySource"/> and <see cref="IAdministratorBootstrap"/>, reading or migrating these records.
/// </summary>
public sealed class BootstrapIdentity(IStore store, PolicyCache policies, TimeProvider time) : IIdentityPolicySource, IAdministratorBootstrap
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string UserKey(string account, string userName) => $"/accounts/{account}/users/{userName}";

    public async Task<(string UserName, string UserId)> CreateAdministratorAsync(string account, string userName, CancellationToken cancellationToken)
    {
        var user = new BootstrapUser(userName, Credentials.CredentialIds.UniqueId("AIDA"), "/", $"arn:aws:iam::{account}:user/{userName}",
            time.GetUtcNow(), [AwsManagedPolicies.AdministratorAccessArn], new Dictionary<string, string>());
        await store.CreateAsync(UserKey(account, userName), JsonSerializer.SerializeToUtf8Bytes(user, Json), cancellationToken);
        return (user.UserName, user.UserId);
    }

    public async ValueTask<Sekisho.Server.Authorization.PrincipalPolicies?> GetUserAsync(string account, string userName, CancellationToken cancellationToken)
    {
        var item = await store.GetAsync(UserKey(account, userName), cancellationToken);
        if (item is null) return null;
        var user = JsonSerializer.Deserialize<BootstrapUser>(item.Value.Span, Json)!;
        var compiled = new List<CompiledPolicy>();
        foreach (var arn in user.AttachedPolicyArns)
            if (AwsManagedPolicies.Document(arn) is { } document) compiled.Add(policies.Get(document, arn));
        return new Sekisho.Server.Authorization.PrincipalPolicies(user.Arn, user.UserId, compiled, null, user.Tags);
    }

    public ValueTask<Sekisho.Server.Authorization.PrincipalPolicies?> GetRoleAsync(string account, string roleName, CancellationToken cancellationToken) =>
        ValueTask.FromResult<Sekisho.Server.Authorization.PrincipalPolicies?>(null);
}

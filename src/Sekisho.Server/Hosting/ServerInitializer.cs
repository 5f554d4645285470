using System.Globalization;
using Sekisho.Server.Authorization;
using Sekisho.Server.Credentials;
using Sekisho.Server.Identity;
using Sekisho.Server.Organization;
using Sekisho.Server.Storage.Sqlite;

namespace Sekisho.Server.Hosting;

/// <summary>
/// <c>sekisho server init</c>: a new data folder with the master key, the store, the key ring, the organization
/// with its management account, an administrator user with AdministratorAccess, and <c>admin.credentials</c>.
/// Refuses to touch a folder that already holds a store.
/// </summary>
public static class ServerInitializer
{
    public const string AdministratorUserName = "admin";

    public sealed record Result(string AccountId, string Region, string AccessKeyId, string SecretAccessKey, string CredentialsPath)
    {
        public override string ToString() => $"Result {{ AccountId = {AccountId}, AccessKeyId = {AccessKeyId} }}";
    }

    public static async Task<Result> InitAsync(string dataDirectory, string? accountId, string region, string? postgres, TimeProvider time, CancellationToken cancellationToken = default)
    {
        accountId ??= string.Concat(Enumerable.Range(0, 12).Select(i => (char)('0' + (i == 0 ? Random.Shared.Next(1, 10) : Random.Shared.Next(10)))));
        if (accountId.Length != 12 || !accountId.All(char.IsAsciiDigit))
            throw new ArgumentException($"--account-id '{accountId}' is not 12 digits");
        Directory.CreateDirectory(dataDirectory);
        foreach (var existing in new[] { MasterKey.FileName, SqliteStoreOptions.DefaultFileName, DataFolder.SettingsFile, DataFolder.CredentialsFile })
            if (File.Exists(Path.Combine(dataDirectory, existing)))
                throw new InvalidOperationException($"{dataDirectory} already holds a Sekisho server ({existing} exists); refusing to overwrite it");

        var master = MasterKey.Create(dataDirectory);
        await using var store = await DataFolder.OpenStoreAsync(dataDirectory, postgres, time, cancellationToken);
        if (await store.GetRevisionAsync(cancellationToken) != 0)
            throw new InvalidOperationException("the PostgreSQL store is not empty; refusing to initialize over it");
        await new KeyRing(store, master, time).LoadAsync(cancellationToken);
        await new OrganizationService(store, time).CreateAsync(accountId, "management", cancellationToken);
        var identity = new IdentityService(store, new MasterKeySecretProtector(master), new AspNetPasswordHasher(), time);
        var (userName, _) = await new IdentityAdministratorBootstrap(identity).CreateAdministratorAsync(accountId, AdministratorUserName, cancellationToken);
        // Through the identity domain, so the key is listed on the user (ListAccessKeys, DeleteUser's conflict check).
        var created = await identity.CreateAccessKeyAsync(accountId, userName, cancellationToken);
        var (key, secret) = (created.Key, created.SecretAccessKey);

        var credentialsPath = Path.Combine(dataDirectory, DataFolder.CredentialsFile);
        DataFolder.WritePrivateFile(credentialsPath, string.Create(CultureInfo.InvariantCulture,
            $"[default]\naws_access_key_id = {key.AccessKeyId}\naws_secret_access_key = {secret}\nregion = {region}\n"));
        DataFolder.WriteSettings(dataDirectory, new DataFolder.Settings(accountId, region, userName));
        return new Result(accountId, region, key.AccessKeyId, secret, credentialsPath);
    }
}

namespace Sekisho.Server.Identity;

/// <summary>
/// The identity domain's store layout. Names of users, groups, roles and policies are unique per account without
/// regard to case (as in AWS), so their keys use the lower-cased name and the record keeps the spelling.
/// </summary>
internal static class IdentityKeys
{
    public static string Account(string accountId) => $"/accounts/{accountId}/";

    public static string Users(string accountId) => $"/accounts/{accountId}/users/";

    public static string User(string accountId, string name) => Users(accountId) + name.ToLowerInvariant();

    public static string Groups(string accountId) => $"/accounts/{accountId}/groups/";

    public static string Group(string accountId, string name) => Groups(accountId) + name.ToLowerInvariant();

    public static string Roles(string accountId) => $"/accounts/{accountId}/roles/";

    public static string Role(string accountId, string name) => Roles(accountId) + name.ToLowerInvariant();

    public static string Policies(string accountId) => $"/accounts/{accountId}/policies/";

    public static string Policy(string accountId, string name) => Policies(accountId) + name.ToLowerInvariant();

    /// <summary>This account's attachment counts of an AWS managed policy (absent until first attached).</summary>
    public static string AwsPolicyUsage(string accountId, string name) => $"/accounts/{accountId}/aws-policies/{name.ToLowerInvariant()}";

    public static string MfaDevices(string accountId) => $"/accounts/{accountId}/mfa/";

    /// <summary>Devices are keyed by path and name (without the leading slash), exactly as their serial ends.</summary>
    public static string MfaDevice(string accountId, string pathAndName) => MfaDevices(accountId) + pathAndName.TrimStart('/');

    /// <summary>Access keys are global: the authentication path finds a key by its id alone.</summary>
    public static string AccessKey(string accessKeyId) => $"/access-keys/{accessKeyId}";
}

namespace Sekisho.Server.Identity;

/// <summary>
/// The role AWS Organizations creates in every account it creates: <c>OrganizationAccountAccessRole</c>, with
/// AdministratorAccess, trusting the management account. It is how the management account's administrators reach
/// a new account, which has no users of its own.
/// </summary>
public static class OrganizationAccountAccess
{
    public const string RoleName = "OrganizationAccountAccessRole";

    public static async Task<RoleRecord> CreateRoleAsync(IdentityService identity, string accountId, string managementAccountId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{managementAccountId}}:root"},"Action":"sts:AssumeRole"}]}""";
        var role = await identity.CreateRoleAsync(accountId, RoleName, null, trust, "Administrator access for the management account of the organization",
            null, null, null, ct).ConfigureAwait(false);
        await identity.AttachPolicyAsync(accountId, PolicyHolderKind.Role, RoleName, AwsManagedPolicies.AdministratorAccessArn, ct).ConfigureAwait(false);
        return role;
    }
}

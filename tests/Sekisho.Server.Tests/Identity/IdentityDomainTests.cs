using System.Text;
using System.Text.RegularExpressions;
using Sekisho.Policy;
using Sekisho.Protocol.Mfa;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Tests.Identity;

public sealed partial class IdentityDomainTests : IdentityFixture
{
    private const string AllowAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    [GeneratedRegex("^AIDA[A-Z2-7]{17}$")]
    private static partial Regex UserId();

    [GeneratedRegex("^AKIA[A-Z2-7]{16}$")]
    private static partial Regex AccessKeyId();

    [Fact]
    public async Task Users_get_AWS_shaped_ids_and_arns_and_names_are_unique_without_regard_to_case()
    {
        var user = await Identity.CreateUserAsync(Account, "Alice", "/eng/", [new Tag("Project", "Blue")], null);
        Assert.Matches(UserId(), user.UserId);
        Assert.Equal("arn:aws:iam::111122223333:user/eng/Alice", user.Arn);
        var message = await RefusedAsync(() => Identity.CreateUserAsync(Account, "alice", null, null, null), "EntityAlreadyExists");
        Assert.Contains("alice", message, StringComparison.Ordinal);
        var read = await Identity.GetUserAsync(Account, "ALICE");
        Assert.Equal("Alice", read.UserName);
        Assert.Equal("Blue", Assert.Single(read.Tags).Value);
        await RefusedAsync(() => Identity.GetUserAsync(Account, "bob"), "NoSuchEntity");
        await RefusedAsync(() => Identity.GetUserAsync("444455556666", "Alice"), "NoSuchEntity");
    }

    [Fact]
    public async Task Deleting_a_user_is_refused_while_keys_groups_policies_password_or_MFA_hang_on_it()
    {
        await Identity.CreateUserAsync(Account, "bob", null, null, null);
        await Identity.CreateGroupAsync(Account, "humans", null);
        var key = await Identity.CreateAccessKeyAsync(Account, "bob");
        Assert.Contains("access keys", await RefusedAsync(() => Identity.DeleteUserAsync(Account, "bob"), "DeleteConflict"), StringComparison.Ordinal);
        await Identity.DeleteAccessKeyAsync(Account, "bob", key.Key.AccessKeyId);

        await Identity.AddUserToGroupAsync(Account, "humans", "bob");
        Assert.Contains("group", await RefusedAsync(() => Identity.DeleteUserAsync(Account, "bob"), "DeleteConflict"), StringComparison.Ordinal);
        Assert.Contains("remove users", await RefusedAsync(() => Identity.DeleteGroupAsync(Account, "humans"), "DeleteConflict"), StringComparison.Ordinal);
        await Identity.RemoveUserFromGroupAsync(Account, "humans", "bob");

        await Identity.AttachPolicyAsync(Account, PolicyHolderKind.User, "bob", "arn:aws:iam::aws:policy/ReadOnlyAccess");
        Assert.Equal(1, (await Identity.GetPolicyAsync(Account, "arn:aws:iam::aws:policy/ReadOnlyAccess")).AttachmentCount);
        await RefusedAsync(() => Identity.DeleteUserAsync(Account, "bob"), "DeleteConflict");
        await Identity.DetachPolicyAsync(Account, PolicyHolderKind.User, "bob", "arn:aws:iam::aws:policy/ReadOnlyAccess");
        Assert.Equal(0, (await Identity.GetPolicyAsync(Account, "arn:aws:iam::aws:policy/ReadOnlyAccess")).AttachmentCount);

        await Identity.PutInlinePolicyAsync(Account, PolicyHolderKind.User, "bob", "all", AllowAll);
        await RefusedAsync(() => Identity.DeleteUserAsync(Account, "bob"), "DeleteConflict");
        await Identity.DeleteInlinePolicyAsync(Account, PolicyHolderKind.User, "bob", "all");

        await Identity.CreateLoginProfileAsync(Account, "bob", "correct horse", false);
        await RefusedAsync(() => Identity.DeleteUserAsync(Account, "bob"), "DeleteConflict");
        await Identity.DeleteLoginProfileAsync(Account, "bob");

        await Identity.DeleteUserAsync(Account, "bob");
        await RefusedAsync(() => Identity.GetUserAsync(Account, "bob"), "NoSuchEntity");
        Assert.Empty(await Identity.UsersInGroupAsync(Account, "humans"));
    }

    [Fact]
    public async Task At_most_two_access_keys_and_secrets_are_never_stored_in_clear()
    {
        await Identity.CreateUserAsync(Account, "carol", null, null, null);
        var first = await Identity.CreateAccessKeyAsync(Account, "carol");
        var second = await Identity.CreateAccessKeyAsync(Account, "carol");
        Assert.Matches(AccessKeyId(), first.Key.AccessKeyId);
        Assert.Equal(40, first.SecretAccessKey.Length);
        Assert.NotEqual(first.SecretAccessKey, second.SecretAccessKey);
        await RefusedAsync(() => Identity.CreateAccessKeyAsync(Account, "carol"), "LimitExceeded");

        var stored = await Store.GetAsync("/access-keys/" + first.Key.AccessKeyId);
        Assert.NotNull(stored);
        Assert.DoesNotContain(first.SecretAccessKey, Encoding.UTF8.GetString(stored.Value.Span), StringComparison.Ordinal);
        Assert.Equal(first.SecretAccessKey, Encoding.UTF8.GetString(Identity.RevealSecret(first.Key)));

        await Identity.UpdateAccessKeyAsync(Account, "carol", first.Key.AccessKeyId, "Inactive");
        Assert.Equal("Inactive", (await Identity.FindAccessKeyAsync(first.Key.AccessKeyId))!.Status);
        await RefusedAsync(() => Identity.UpdateAccessKeyAsync(Account, "carol", "AKIAAAAAAAAAAAAAAAAA", "Active"), "NoSuchEntity");
        await Identity.CreateUserAsync(Account, "dave", null, null, null);
        await RefusedAsync(() => Identity.DeleteAccessKeyAsync(Account, "dave", first.Key.AccessKeyId), "NoSuchEntity");
    }

    [Fact]
    public async Task Managed_policy_versions_follow_AWS_rules()
    {
        var policy = await Identity.CreatePolicyAsync(Account, "ops", "/team/", AllowAll, "ops policy", null);
        Assert.Equal("arn:aws:iam::111122223333:policy/team/ops", policy.Arn);
        Assert.StartsWith("ANPA", policy.PolicyId, StringComparison.Ordinal);
        for (var i = 2; i <= 5; i++)
            Assert.Equal($"v{i}", (await Identity.CreatePolicyVersionAsync(Account, policy.Arn, AllowAll, setAsDefault: false)).VersionId);
        await RefusedAsync(() => Identity.CreatePolicyVersionAsync(Account, policy.Arn, AllowAll, false), "LimitExceeded");
        await RefusedAsync(() => Identity.DeletePolicyVersionAsync(Account, policy.Arn, "v1"), "DeleteConflict");
        await Identity.SetDefaultPolicyVersionAsync(Account, policy.Arn, "v3");
        await Identity.DeletePolicyVersionAsync(Account, policy.Arn, "v1");
        await RefusedAsync(() => Identity.GetPolicyVersionAsync(Account, policy.Arn, "v1"), "NoSuchEntity");
        // Numbers are never reused.
        Assert.Equal("v6", (await Identity.CreatePolicyVersionAsync(Account, policy.Arn, AllowAll, setAsDefault: true)).VersionId);
        Assert.Equal("v6", (await Identity.GetPolicyAsync(Account, policy.Arn)).DefaultVersionId);
        await RefusedAsync(() => Identity.DeletePolicyAsync(Account, policy.Arn), "DeleteConflict");
        foreach (var v in new[] { "v2", "v3", "v4", "v5" }) await Identity.DeletePolicyVersionAsync(Account, policy.Arn, v);

        await Identity.CreateRoleAsync(Account, "ops", null, TrustAccount, null, null, null, null);
        await Identity.AttachPolicyAsync(Account, PolicyHolderKind.Role, "ops", policy.Arn);
        Assert.Contains("attached", await RefusedAsync(() => Identity.DeletePolicyAsync(Account, policy.Arn), "DeleteConflict"), StringComparison.Ordinal);
        await Identity.DetachPolicyAsync(Account, PolicyHolderKind.Role, "ops", policy.Arn);
        await Identity.DeletePolicyAsync(Account, policy.Arn);
        await RefusedAsync(() => Identity.GetPolicyAsync(Account, policy.Arn), "NoSuchEntity");
        await RefusedAsync(() => Identity.CreatePolicyVersionAsync(Account, "arn:aws:iam::aws:policy/AdministratorAccess", AllowAll, false), "InvalidInput");
        await RefusedAsync(() => Identity.GetPolicyAsync(Account, "arn:aws:iam::aws:policy/NoSuchThing"), "NoSuchEntity");
    }

    private const string TrustAccount = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}""";

    [Fact]
    public async Task Policy_documents_are_parsed_and_refused_with_line_and_column()
    {
        await Identity.CreateUserAsync(Account, "erin", null, null, null);
        var broken = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\",}]\n}";
        var message = await RefusedAsync(() => Identity.PutInlinePolicyAsync(Account, PolicyHolderKind.User, "erin", "bad", broken), "MalformedPolicyDocument");
        Assert.Contains("line 3", message, StringComparison.Ordinal);
        await RefusedAsync(() => Identity.PutInlinePolicyAsync(Account, PolicyHolderKind.User, "erin", "p", TrustAccount), "MalformedPolicyDocument");
        await RefusedAsync(() => Identity.CreateRoleAsync(Account, "r", null, AllowAll, null, null, null, null), "MalformedPolicyDocument");
        await RefusedAsync(() => Identity.CreateRoleAsync(Account, "r", null, TrustAccount, null, 60, null, null), "InvalidInput");
        // A warning (unknown action) does not block.
        await Identity.PutInlinePolicyAsync(Account, PolicyHolderKind.User, "erin", "warned",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]}""");
        Assert.Equal(["warned"], await Identity.InlinePolicyNamesAsync(Account, PolicyHolderKind.User, "erin"));
        var big = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + new string('a', 2100) + "\"}]}";
        await RefusedAsync(() => Identity.PutInlinePolicyAsync(Account, PolicyHolderKind.User, "erin", "big", big), "LimitExceeded");
    }

    [Fact]
    public async Task Lists_page_in_a_stable_name_order()
    {
        var names = new[] { "zed", "Amy", "bob", "carl", "Dora", "eve", "fay" };
        foreach (var n in names) await Identity.CreateUserAsync(Account, n, n == "eve" ? "/x/" : null, null, null);
        var seen = new List<string>();
        string? marker = null;
        var pages = 0;
        do
        {
            var page = await Identity.ListUsersAsync(Account, null, marker, 3);
            Assert.True(page.Items.Count <= 3);
            Assert.Equal(page.Marker is not null, page.IsTruncated);
            seen.AddRange(page.Items.Select(u => u.UserName));
            marker = page.Marker;
            pages++;
        } while (marker is not null);
        Assert.Equal(3, pages);
        Assert.Equal(names.OrderBy(n => n.ToLowerInvariant(), StringComparer.Ordinal), seen);
        Assert.Equal(["eve"], (await Identity.ListUsersAsync(Account, "/x/", null, null)).Items.Select(u => u.UserName));
        await RefusedAsync(() => Identity.ListUsersAsync(Account, null, "not-a-marker!", 3), "InvalidInput");
    }

    [Fact]
    public async Task Virtual_MFA_devices_enable_with_two_consecutive_codes_and_each_code_works_once()
    {
        await Identity.CreateUserAsync(Account, "frank", null, null, null);
        var created = await Identity.CreateVirtualMfaDeviceAsync(Account, "frank", null, null);
        Assert.Equal("arn:aws:iam::111122223333:mfa/frank", created.Device.SerialNumber);
        Assert.Equal(20, created.Seed.Length);
        Assert.StartsWith("otpauth://totp/", created.OtpAuthUri, StringComparison.Ordinal);
        Assert.Contains("secret=" + Base32.Encode(created.Seed).TrimEnd('='), created.OtpAuthUri, StringComparison.Ordinal);
        var raw = await Store.GetAsync("/accounts/111122223333/mfa/frank");
        Assert.DoesNotContain(Base32.Encode(created.Seed), Encoding.UTF8.GetString(raw!.Value.Span), StringComparison.Ordinal);
        await RefusedAsync(() => Identity.CreateVirtualMfaDeviceAsync(Account, "frank", null, null), "EntityAlreadyExists");

        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        var code1 = Totp.Compute(created.Seed, now - 30);
        var code2 = Totp.Compute(created.Seed, now);
        await RefusedAsync(() => Identity.EnableMfaDeviceAsync(Account, "frank", created.Device.SerialNumber, code2, code1), "InvalidAuthenticationCode");
        await Identity.EnableMfaDeviceAsync(Account, "frank", created.Device.SerialNumber, code1, code2);
        var devices = await Identity.MfaDevicesForUserAsync(Account, "frank");
        Assert.Equal("frank", Assert.Single(devices).UserName);
        await RefusedAsync(() => Identity.DeleteVirtualMfaDeviceAsync(Account, created.Device.SerialNumber), "DeleteConflict");
        await RefusedAsync(() => Identity.DeleteUserAsync(Account, "frank"), "DeleteConflict");

        // The code used to enable cannot be replayed; the next step's code works once.
        Assert.False(await Identity.VerifyMfaCodeAsync(Account, "frank", created.Device.SerialNumber, code2));
        Clock.Advance(TimeSpan.FromSeconds(30));
        var next = Totp.Compute(created.Seed, Clock.GetUtcNow().ToUnixTimeSeconds());
        Assert.True(await Identity.VerifyMfaCodeAsync(Account, "frank", created.Device.SerialNumber, next));
        Assert.False(await Identity.VerifyMfaCodeAsync(Account, "frank", created.Device.SerialNumber, next));

        await Identity.DeactivateMfaDeviceAsync(Account, "frank", created.Device.SerialNumber);
        Assert.Empty(await Identity.MfaDevicesForUserAsync(Account, "frank"));
        Assert.Single((await Identity.ListVirtualMfaDevicesAsync(Account, "Unassigned", null, null)).Items);
        await Identity.DeleteVirtualMfaDeviceAsync(Account, created.Device.SerialNumber);
        await Identity.DeleteUserAsync(Account, "frank");
    }

    [Fact]
    public async Task Passwords_are_hashed_and_changed_only_with_the_old_one()
    {
        await Identity.CreateUserAsync(Account, "gina", null, null, null);
        await RefusedAsync(() => Identity.CreateLoginProfileAsync(Account, "gina", "short", false), "PasswordPolicyViolation");
        await Identity.CreateLoginProfileAsync(Account, "gina", "first password", true);
        var raw = await Store.GetAsync("/accounts/111122223333/users/gina");
        Assert.DoesNotContain("first password", Encoding.UTF8.GetString(raw!.Value.Span), StringComparison.Ordinal);
        await RefusedAsync(() => Identity.CreateLoginProfileAsync(Account, "gina", "again password", false), "EntityAlreadyExists");
        await RefusedAsync(() => Identity.ChangePasswordAsync(Account, "gina", "wrong password", "second password"), "InvalidUserType");
        await Identity.ChangePasswordAsync(Account, "gina", "first password", "second password");
        Assert.True(await Identity.VerifyPasswordAsync(Account, "gina", "second password"));
        Assert.False(await Identity.VerifyPasswordAsync(Account, "gina", "first password"));
        Assert.False((await Identity.GetLoginProfileAsync(Account, "gina")).PasswordResetRequired);
    }

    [Fact]
    public async Task The_gatherer_collects_user_group_and_managed_policies_with_the_boundary_for_the_engine()
    {
        await Identity.CreateUserAsync(Account, "hank", null, [new Tag("Project", "Blue")], null);
        await Identity.CreateGroupAsync(Account, "readers", null);
        await Identity.AddUserToGroupAsync(Account, "readers", "hank");
        await Identity.AttachPolicyAsync(Account, PolicyHolderKind.Group, "readers", "arn:aws:iam::aws:policy/AdministratorAccess");
        var boundary = await Identity.CreatePolicyAsync(Account, "only-iam-read", null,
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}]}""", null, null);
        await Identity.PutUserPermissionsBoundaryAsync(Account, "hank", boundary.Arn);
        Assert.Equal(1, (await Identity.GetPolicyAsync(Account, boundary.Arn)).PermissionsBoundaryUsageCount);
        await RefusedAsync(() => Identity.DeletePolicyAsync(Account, boundary.Arn), "DeleteConflict");

        var gathered = await Gatherer.ForUserAsync(Account, "hank");
        Assert.Equal("arn:aws:iam::111122223333:user/hank", gathered.Arn);
        Assert.Single(gathered.IdentityPolicies);
        Assert.NotNull(gathered.PermissionsBoundary);
        var set = new PolicySet(gathered.IdentityPolicies, permissionsBoundary: gathered.PermissionsBoundary);
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, RequestContext.Create(gathered.Arn, "iam:GetUser", gathered.Arn)));
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(set, RequestContext.Create(gathered.Arn, "iam:CreateUser", gathered.Arn)));

        await Identity.CreateRoleAsync(Account, "deployer", null, TrustAccount, "deploys", 7200, [new Tag("Project", "Red")], null);
        await Identity.PutInlinePolicyAsync(Account, PolicyHolderKind.Role, "deployer", "deploy", AllowAll);
        var role = await Gatherer.ForRoleAsync(Account, "deployer");
        Assert.StartsWith("AROA", role.UniqueId, StringComparison.Ordinal);
        Assert.Equal("Red", role.Tags["project"]);
        Assert.Single(role.IdentityPolicies);
        var trust = await Gatherer.TrustPolicyAsync(Account, "deployer");
        // The trust policy names the account, which delegates to the caller's identity policies.
        var assume = RequestContext.Create("arn:aws:iam::111122223333:user/hank", "sts:AssumeRole", "arn:aws:iam::111122223333:role/deployer");
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(new PolicySet(gathered.IdentityPolicies, resourcePolicy: trust), assume));
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(new PolicySet(resourcePolicy: trust), assume));
    }

    [Fact]
    public async Task Renaming_a_user_carries_its_groups_and_keys_along()
    {
        await Identity.CreateUserAsync(Account, "ivan", null, null, null);
        await Identity.CreateGroupAsync(Account, "g", null);
        await Identity.AddUserToGroupAsync(Account, "g", "ivan");
        var key = await Identity.CreateAccessKeyAsync(Account, "ivan");
        await Identity.CreateUserAsync(Account, "taken", null, null, null);
        await RefusedAsync(() => Identity.UpdateUserAsync(Account, "ivan", "Taken", null), "EntityAlreadyExists");
        await Identity.UpdateUserAsync(Account, "ivan", "ivan2", "/moved/");
        await RefusedAsync(() => Identity.GetUserAsync(Account, "ivan"), "NoSuchEntity");
        var renamed = await Identity.GetUserAsync(Account, "ivan2");
        Assert.Equal("arn:aws:iam::111122223333:user/moved/ivan2", renamed.Arn);
        Assert.Equal(["ivan2"], (await Identity.UsersInGroupAsync(Account, "g")).Select(u => u.UserName));
        Assert.Equal("ivan2", (await Identity.FindAccessKeyAsync(key.Key.AccessKeyId))!.UserName);
    }

    [Fact]
    public async Task Concurrent_key_creation_never_exceeds_the_limit()
    {
        await Identity.CreateUserAsync(Account, "judy", null, null, null);
        var attempts = Enumerable.Range(0, 6).Select(async _ =>
        {
            try
            {
                await Identity.CreateAccessKeyAsync(Account, "judy");
                return true;
            }
            catch (IamException e) when (e.Error.Code is "LimitExceeded" or "ConcurrentModification")
            {
                return false;
            }
        }).ToList();
        var results = await Task.WhenAll(attempts);
        Assert.True(results.Count(r => r) <= 2);
        Assert.Equal(results.Count(r => r), (await Identity.ListAccessKeysAsync(Account, "judy")).Count);
        var page = await Store.ScanAsync(new Sekisho.Server.Storage.ScanRequest("/access-keys/"));
        Assert.Equal(results.Count(r => r), page.Items.Count);
    }
}

using System.Text.Json.Nodes;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Api.Iam;

public sealed partial class IamApi
{
    private void AddCredentials()
    {
        Add("CreateAccessKey", UserResource, async (r, ct) =>
        {
            var created = await _identity.CreateAccessKeyAsync(r.Account, r.UserOrCaller(), ct).ConfigureAwait(false);
            var key = IamShapes.AccessKeyMetadata(created.Key);
            key["SecretAccessKey"] = created.SecretAccessKey;
            return new JsonObject { ["AccessKey"] = key };
        });
        Add("ListAccessKeys", UserResource, async (r, ct) =>
        {
            var keys = await _identity.ListAccessKeysAsync(r.Account, r.UserOrCaller(), ct).ConfigureAwait(false);
            return IamShapes.Paged("AccessKeyMetadata", IdentityService.PageOf(keys, r.Str("Marker"), r.Int("MaxItems")), IamShapes.AccessKeyMetadata);
        });
        Add("UpdateAccessKey", UserResource, async (r, ct) =>
        {
            await _identity.UpdateAccessKeyAsync(r.Account, r.UserOrCaller(), r.Req("AccessKeyId"), r.Req("Status"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("DeleteAccessKey", UserResource, async (r, ct) =>
        {
            await _identity.DeleteAccessKeyAsync(r.Account, r.UserOrCaller(), r.Req("AccessKeyId"), ct).ConfigureAwait(false);
            return Empty();
        });
        // AWS authorizes on the key's owner; a key that is not in the account is named by the caller's user, or
        // all users, and the handler answers NoSuchEntity once that is allowed.
        Add("GetAccessKeyLastUsed", async (r, ct) =>
        {
            var key = await _identity.FindAccessKeyAsync(r.Req("AccessKeyId"), ct).ConfigureAwait(false);
            if (key is not null && key.Account == r.Account) return await UserArnAsync(r, key.UserName, ct).ConfigureAwait(false);
            return r.Caller.UserName is not null && r.Caller.Arn.Contains(":user/", StringComparison.Ordinal) ? r.Caller.Arn : $"arn:aws:iam::{r.Account}:user/*";
        }, async (r, ct) =>
        {
            var key = await _identity.FindAccessKeyAsync(r.Req("AccessKeyId"), ct).ConfigureAwait(false);
            if (key is null || key.Account != r.Account)
                throw IamErrors.NoSuchEntity($"The Access Key with id {r.Req("AccessKeyId")} cannot be found.");
            // AWS answers N/A for a key never used, and no date.
            var usage = _usage is null ? null : await _usage.GetAsync(key.AccessKeyId, ct).ConfigureAwait(false);
            var lastUsed = usage is null
                ? new JsonObject { ["ServiceName"] = "N/A", ["Region"] = "N/A" }
                : new JsonObject { ["LastUsedDate"] = JsonValue.Create(usage.LastUsedDate), ["ServiceName"] = usage.ServiceName, ["Region"] = usage.Region };
            return new JsonObject { ["UserName"] = key.UserName, ["AccessKeyLastUsed"] = lastUsed };
        });

        Add("CreateLoginProfile", UserResource, async (r, ct) =>
        {
            var user = r.UserOrCaller();
            var profile = await _identity.CreateLoginProfileAsync(r.Account, user, r.Req("Password"), r.Bool("PasswordResetRequired") ?? false, ct).ConfigureAwait(false);
            return new JsonObject { ["LoginProfile"] = LoginProfile(user, profile) };
        });
        Add("GetLoginProfile", UserResource, async (r, ct) =>
        {
            var user = await _identity.GetUserAsync(r.Account, r.UserOrCaller(), ct).ConfigureAwait(false);
            var profile = await _identity.GetLoginProfileAsync(r.Account, user.UserName, ct).ConfigureAwait(false);
            return new JsonObject { ["LoginProfile"] = LoginProfile(user.UserName, profile) };
        });
        Add("UpdateLoginProfile", UserResource, async (r, ct) =>
        {
            await _identity.UpdateLoginProfileAsync(r.Account, r.UserOrCaller(), r.Str("Password"), r.Bool("PasswordResetRequired"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("DeleteLoginProfile", UserResource, async (r, ct) =>
        {
            await _identity.DeleteLoginProfileAsync(r.Account, r.UserOrCaller(), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("ChangePassword", (r, ct) => UserArnAsync(r, r.Caller.UserName ?? "", ct), async (r, ct) =>
        {
            var user = r.Caller.UserName ?? throw IamErrors.InvalidUserType("Only IAM users can change their password.");
            await _identity.ChangePasswordAsync(r.Account, user, r.Req("OldPassword"), r.Req("NewPassword"), ct).ConfigureAwait(false);
            return Empty();
        });
    }

    private static JsonObject LoginProfile(string userName, LoginProfileRecord profile) => new()
    {
        ["UserName"] = userName,
        ["CreateDate"] = JsonValue.Create(profile.CreateDate),
        ["PasswordResetRequired"] = profile.PasswordResetRequired,
    };
}

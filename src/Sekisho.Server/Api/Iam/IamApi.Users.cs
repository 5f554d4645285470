using System.Text.Json.Nodes;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Api.Iam;

public sealed partial class IamApi
{
    private void AddUsers()
    {
        Add("CreateUser", (r, ct) => ValueTask.FromResult(IamRequest.Arn(r.Account, "user", r.Str("Path"), r.Req("UserName"))), async (r, ct) =>
        {
            var user = await _identity.CreateUserAsync(r.Account, r.Req("UserName"), r.Str("Path"), r.Tags(), r.Str("PermissionsBoundary"), ct).ConfigureAwait(false);
            return new JsonObject { ["User"] = IamShapes.User(user) };
        });
        Add("GetUser", UserResource, async (r, ct) =>
            new JsonObject { ["User"] = IamShapes.User(await _identity.GetUserAsync(r.Account, r.UserOrCaller(), ct).ConfigureAwait(false)) });
        Add("ListUsers", (r, ct) => ListResource(r, "user"), async (r, ct) =>
            IamShapes.Paged("Users", await _identity.ListUsersAsync(r.Account, r.Str("PathPrefix"), r.Str("Marker"), r.Int("MaxItems"), ct).ConfigureAwait(false),
                u => IamShapes.User(u, withTags: false)));
        Add("UpdateUser", (r, ct) => UserArnAsync(r, r.Req("UserName"), ct), async (r, ct) =>
        {
            await _identity.UpdateUserAsync(r.Account, r.Req("UserName"), r.Str("NewUserName"), r.Str("NewPath"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("DeleteUser", (r, ct) => UserArnAsync(r, r.Req("UserName"), ct), async (r, ct) =>
        {
            await _identity.DeleteUserAsync(r.Account, r.Req("UserName"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("TagUser", (r, ct) => UserArnAsync(r, r.Req("UserName"), ct), async (r, ct) =>
        {
            await _identity.TagUserAsync(r.Account, r.Req("UserName"), r.Tags(), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("UntagUser", (r, ct) => UserArnAsync(r, r.Req("UserName"), ct), async (r, ct) =>
        {
            await _identity.UntagUserAsync(r.Account, r.Req("UserName"), r.Strings("TagKeys"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("ListUserTags", (r, ct) => UserArnAsync(r, r.Req("UserName"), ct), async (r, ct) =>
        {
            var user = await _identity.GetUserAsync(r.Account, r.Req("UserName"), ct).ConfigureAwait(false);
            return TagPage(user.Tags, r);
        });
        Add("PutUserPermissionsBoundary", (r, ct) => UserArnAsync(r, r.Req("UserName"), ct), async (r, ct) =>
        {
            await _identity.PutUserPermissionsBoundaryAsync(r.Account, r.Req("UserName"), r.Req("PermissionsBoundary"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("DeleteUserPermissionsBoundary", (r, ct) => UserArnAsync(r, r.Req("UserName"), ct), async (r, ct) =>
        {
            await _identity.DeleteUserPermissionsBoundaryAsync(r.Account, r.Req("UserName"), ct).ConfigureAwait(false);
            return Empty();
        });
    }

    private static JsonObject TagPage(IReadOnlyList<Tag> tags, IamRequest r) =>
        IamShapes.Paged("Tags", IdentityService.PageOf(tags, r.Str("Marker"), r.Int("MaxItems")),
            t => new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value });
}

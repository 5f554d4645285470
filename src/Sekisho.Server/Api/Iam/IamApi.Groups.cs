using System.Text.Json.Nodes;

namespace Sekisho.Server.Api.Iam;

public sealed partial class IamApi
{
    private void AddGroups()
    {
        Add("CreateGroup", (r, ct) => ValueTask.FromResult(IamRequest.Arn(r.Account, "group", r.Str("Path"), r.Req("GroupName"))), async (r, ct) =>
            new JsonObject { ["Group"] = IamShapes.Group(await _identity.CreateGroupAsync(r.Account, r.Req("GroupName"), r.Str("Path"), ct).ConfigureAwait(false)) });
        Add("GetGroup", GroupResource, async (r, ct) =>
        {
            var group = await _identity.GetGroupAsync(r.Account, r.Req("GroupName"), ct).ConfigureAwait(false);
            var users = await _identity.UsersInGroupAsync(r.Account, group.GroupName, ct).ConfigureAwait(false);
            var result = IamShapes.Paged("Users", Identity.IdentityService.PageOf(users, r.Str("Marker"), r.Int("MaxItems")), u => IamShapes.User(u, withTags: false));
            result["Group"] = IamShapes.Group(group);
            return result;
        });
        Add("ListGroups", (r, ct) => ListResource(r, "group"), async (r, ct) =>
            IamShapes.Paged("Groups", await _identity.ListGroupsAsync(r.Account, r.Str("PathPrefix"), r.Str("Marker"), r.Int("MaxItems"), ct).ConfigureAwait(false), IamShapes.Group));
        Add("DeleteGroup", GroupResource, async (r, ct) =>
        {
            await _identity.DeleteGroupAsync(r.Account, r.Req("GroupName"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("AddUserToGroup", GroupResource, async (r, ct) =>
        {
            await _identity.AddUserToGroupAsync(r.Account, r.Req("GroupName"), r.Req("UserName"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("RemoveUserFromGroup", GroupResource, async (r, ct) =>
        {
            await _identity.RemoveUserFromGroupAsync(r.Account, r.Req("GroupName"), r.Req("UserName"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("ListGroupsForUser", (r, ct) => UserArnAsync(r, r.Req("UserName"), ct), async (r, ct) =>
        {
            var groups = await _identity.GroupsForUserAsync(r.Account, r.Req("UserName"), ct).ConfigureAwait(false);
            return IamShapes.Paged("Groups", Identity.IdentityService.PageOf(groups, r.Str("Marker"), r.Int("MaxItems")), IamShapes.Group);
        });
    }
}

using System.Text.Json.Nodes;

namespace Sekisho.Server.Api.Iam;

public sealed partial class IamApi
{
    private void AddRoles()
    {
        Add("CreateRole", (r, ct) => ValueTask.FromResult(IamRequest.Arn(r.Account, "role", r.Str("Path"), r.Req("RoleName"))), async (r, ct) =>
        {
            var role = await _identity.CreateRoleAsync(r.Account, r.Req("RoleName"), r.Str("Path"), r.Req("AssumeRolePolicyDocument"),
                r.Str("Description"), r.Int("MaxSessionDuration"), r.Tags(), r.Str("PermissionsBoundary"), ct).ConfigureAwait(false);
            return new JsonObject { ["Role"] = IamShapes.Role(role) };
        });
        Add("GetRole", RoleResource, async (r, ct) =>
            new JsonObject { ["Role"] = IamShapes.Role(await _identity.GetRoleAsync(r.Account, r.Req("RoleName"), ct).ConfigureAwait(false)) });
        Add("ListRoles", (r, ct) => ListResource(r, "role"), async (r, ct) =>
            IamShapes.Paged("Roles", await _identity.ListRolesAsync(r.Account, r.Str("PathPrefix"), r.Str("Marker"), r.Int("MaxItems"), ct).ConfigureAwait(false),
                x => IamShapes.Role(x, withTags: false)));
        Add("UpdateRole", RoleResource, async (r, ct) =>
        {
            await _identity.UpdateRoleAsync(r.Account, r.Req("RoleName"), r.Str("Description"), r.Int("MaxSessionDuration"), ct).ConfigureAwait(false);
            return new JsonObject();
        });
        Add("UpdateAssumeRolePolicy", RoleResource, async (r, ct) =>
        {
            await _identity.UpdateAssumeRolePolicyAsync(r.Account, r.Req("RoleName"), r.Req("PolicyDocument"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("DeleteRole", RoleResource, async (r, ct) =>
        {
            await _identity.DeleteRoleAsync(r.Account, r.Req("RoleName"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("TagRole", RoleResource, async (r, ct) =>
        {
            await _identity.TagRoleAsync(r.Account, r.Req("RoleName"), r.Tags(), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("UntagRole", RoleResource, async (r, ct) =>
        {
            await _identity.UntagRoleAsync(r.Account, r.Req("RoleName"), r.Strings("TagKeys"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("ListRoleTags", RoleResource, async (r, ct) =>
            TagPage((await _identity.GetRoleAsync(r.Account, r.Req("RoleName"), ct).ConfigureAwait(false)).Tags, r));
        Add("PutRolePermissionsBoundary", RoleResource, async (r, ct) =>
        {
            await _identity.PutRolePermissionsBoundaryAsync(r.Account, r.Req("RoleName"), r.Req("PermissionsBoundary"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("DeleteRolePermissionsBoundary", RoleResource, async (r, ct) =>
        {
            await _identity.DeleteRolePermissionsBoundaryAsync(r.Account, r.Req("RoleName"), ct).ConfigureAwait(false);
            return Empty();
        });
    }
}

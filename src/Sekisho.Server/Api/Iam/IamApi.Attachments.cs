using System.Text.Json.Nodes;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Api.Iam;

public sealed partial class IamApi
{
    private void AddAttachments()
    {
        AddAttachmentsFor(PolicyHolderKind.User, "User", (r, ct) => UserArnAsync(r, r.Req("UserName"), ct));
        AddAttachmentsFor(PolicyHolderKind.Group, "Group", GroupResource);
        AddAttachmentsFor(PolicyHolderKind.Role, "Role", RoleResource);
    }

    /// <summary>Attach/Detach/ListAttached and Put/Get/Delete/List inline policies for one kind of entity.</summary>
    private void AddAttachmentsFor(PolicyHolderKind kind, string noun, Func<IamRequest, CancellationToken, ValueTask<string>> resource)
    {
        var nameMember = noun + "Name";
        Add($"Attach{noun}Policy", resource, async (r, ct) =>
        {
            await _identity.AttachPolicyAsync(r.Account, kind, r.Req(nameMember), r.Req("PolicyArn"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add($"Detach{noun}Policy", resource, async (r, ct) =>
        {
            await _identity.DetachPolicyAsync(r.Account, kind, r.Req(nameMember), r.Req("PolicyArn"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add($"ListAttached{noun}Policies", resource, async (r, ct) =>
        {
            var attached = await _identity.AttachedPoliciesAsync(r.Account, kind, r.Req(nameMember), r.Str("PathPrefix"), ct).ConfigureAwait(false);
            return IamShapes.Paged("AttachedPolicies", IdentityService.PageOf(attached, r.Str("Marker"), r.Int("MaxItems")),
                a => new JsonObject { ["PolicyName"] = a.PolicyName, ["PolicyArn"] = a.PolicyArn });
        });
        Add($"Put{noun}Policy", resource, async (r, ct) =>
        {
            await _identity.PutInlinePolicyAsync(r.Account, kind, r.Req(nameMember), r.Req("PolicyName"), r.Req("PolicyDocument"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add($"Get{noun}Policy", resource, async (r, ct) =>
        {
            var document = await _identity.GetInlinePolicyAsync(r.Account, kind, r.Req(nameMember), r.Req("PolicyName"), ct).ConfigureAwait(false);
            return new JsonObject
            {
                [nameMember] = r.Req(nameMember),
                ["PolicyName"] = r.Req("PolicyName"),
                ["PolicyDocument"] = PolicyDocuments.Encode(document),
            };
        });
        Add($"Delete{noun}Policy", resource, async (r, ct) =>
        {
            await _identity.DeleteInlinePolicyAsync(r.Account, kind, r.Req(nameMember), r.Req("PolicyName"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add($"List{noun}Policies", resource, async (r, ct) =>
        {
            var names = await _identity.InlinePolicyNamesAsync(r.Account, kind, r.Req(nameMember), ct).ConfigureAwait(false);
            return IamShapes.Paged("PolicyNames", IdentityService.PageOf(names, r.Str("Marker"), r.Int("MaxItems")), n => JsonValue.Create(n)!);
        });
    }
}

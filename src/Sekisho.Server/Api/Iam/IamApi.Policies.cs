using System.Text.Json.Nodes;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Api.Iam;

public sealed partial class IamApi
{
    private void AddPolicies()
    {
        Add("CreatePolicy", (r, ct) => ValueTask.FromResult(IamRequest.Arn(r.Account, "policy", r.Str("Path"), r.Req("PolicyName"))), async (r, ct) =>
        {
            var policy = await _identity.CreatePolicyAsync(r.Account, r.Req("PolicyName"), r.Str("Path"), r.Req("PolicyDocument"), r.Str("Description"), r.Tags(), ct)
                .ConfigureAwait(false);
            return new JsonObject { ["Policy"] = IamShapes.Policy(policy) };
        });
        Add("GetPolicy", PolicyResource, async (r, ct) =>
            new JsonObject { ["Policy"] = IamShapes.Policy(await _identity.GetPolicyAsync(r.Account, r.Req("PolicyArn"), ct).ConfigureAwait(false)) });
        Add("ListPolicies", (r, ct) => ListResource(r, "policy"), async (r, ct) =>
            IamShapes.Paged("Policies", await _identity.ListPoliciesAsync(r.Account, r.Str("Scope"), r.Bool("OnlyAttached") ?? false, r.Str("PathPrefix"),
                r.Str("PolicyUsageFilter"), r.Str("Marker"), r.Int("MaxItems"), ct).ConfigureAwait(false), p => IamShapes.Policy(p, withTags: false)));
        Add("DeletePolicy", PolicyResource, async (r, ct) =>
        {
            await _identity.DeletePolicyAsync(r.Account, r.Req("PolicyArn"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("CreatePolicyVersion", PolicyResource, async (r, ct) =>
        {
            var setDefault = r.Bool("SetAsDefault") ?? false;
            var version = await _identity.CreatePolicyVersionAsync(r.Account, r.Req("PolicyArn"), r.Req("PolicyDocument"), setDefault, ct).ConfigureAwait(false);
            return new JsonObject { ["PolicyVersion"] = IamShapes.PolicyVersion(version, setDefault ? version.VersionId : "", withDocument: false) };
        });
        Add("GetPolicyVersion", PolicyResource, async (r, ct) =>
        {
            var policy = await _identity.GetPolicyAsync(r.Account, r.Req("PolicyArn"), ct).ConfigureAwait(false);
            var version = await _identity.GetPolicyVersionAsync(r.Account, r.Req("PolicyArn"), r.Req("VersionId"), ct).ConfigureAwait(false);
            return new JsonObject { ["PolicyVersion"] = IamShapes.PolicyVersion(version, policy.DefaultVersionId) };
        });
        Add("ListPolicyVersions", PolicyResource, async (r, ct) =>
        {
            var policy = await _identity.GetPolicyAsync(r.Account, r.Req("PolicyArn"), ct).ConfigureAwait(false);
            var newestFirst = new List<PolicyVersionRecord>(policy.Versions);
            newestFirst.Reverse();
            return IamShapes.Paged("Versions", IdentityService.PageOf(newestFirst, r.Str("Marker"), r.Int("MaxItems")),
                v => IamShapes.PolicyVersion(v, policy.DefaultVersionId, withDocument: false));
        });
        Add("DeletePolicyVersion", PolicyResource, async (r, ct) =>
        {
            await _identity.DeletePolicyVersionAsync(r.Account, r.Req("PolicyArn"), r.Req("VersionId"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("SetDefaultPolicyVersion", PolicyResource, async (r, ct) =>
        {
            await _identity.SetDefaultPolicyVersionAsync(r.Account, r.Req("PolicyArn"), r.Req("VersionId"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("TagPolicy", PolicyResource, async (r, ct) =>
        {
            await _identity.TagPolicyAsync(r.Account, r.Req("PolicyArn"), r.Tags(), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("UntagPolicy", PolicyResource, async (r, ct) =>
        {
            await _identity.UntagPolicyAsync(r.Account, r.Req("PolicyArn"), r.Strings("TagKeys"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("ListPolicyTags", PolicyResource, async (r, ct) =>
            TagPage((await _identity.GetPolicyAsync(r.Account, r.Req("PolicyArn"), ct).ConfigureAwait(false)).Tags, r));
    }
}

using System.Text.Json.Nodes;
using Sekisho.Policy;
using Sekisho.Server.Authorization;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Api.Iam;

public sealed partial class IamApi
{
    private void AddReports()
    {
        Add("GetAccountAuthorizationDetails", Any, (r, ct) => AuthorizationDetailsAsync(r, ct));
        Add("SimulatePrincipalPolicy", (r, ct) => ValueTask.FromResult(r.Req("PolicySourceArn")), (r, ct) => SimulatePrincipalAsync(r, ct));
        Add("SimulateCustomPolicy", Any, (r, ct) => SimulateCustomAsync(r, ct));
    }

    private async Task<JsonObject?> AuthorizationDetailsAsync(IamRequest r, CancellationToken ct)
    {
        var filter = r.Strings("Filter");
        bool Wants(string kind) => filter.Count == 0 || filter.Contains(kind);
        var result = new JsonObject { ["IsTruncated"] = false };
        if (Wants("User"))
            result["UserDetailList"] = IamShapes.Array(await AllAsync(m => _identity.ListUsersAsync(r.Account, null, m, 1000, ct)).ConfigureAwait(false), u =>
            {
                var o = IamShapes.User(u);
                o["UserPolicyList"] = InlineDetails(u.InlinePolicies);
                o["GroupList"] = IamShapes.Array(u.GroupNames, g => JsonValue.Create(g)!);
                o["AttachedManagedPolicies"] = Attached(u.AttachedPolicyArns);
                return o;
            });
        if (Wants("Group"))
            result["GroupDetailList"] = IamShapes.Array(await AllAsync(m => _identity.ListGroupsAsync(r.Account, null, m, 1000, ct)).ConfigureAwait(false), g =>
            {
                var o = IamShapes.Group(g);
                o["GroupPolicyList"] = InlineDetails(g.InlinePolicies);
                o["AttachedManagedPolicies"] = Attached(g.AttachedPolicyArns);
                return o;
            });
        if (Wants("Role"))
            result["RoleDetailList"] = IamShapes.Array(await AllAsync(m => _identity.ListRolesAsync(r.Account, null, m, 1000, ct)).ConfigureAwait(false), x =>
            {
                var o = IamShapes.Role(x);
                o.Remove("MaxSessionDuration");
                o.Remove("Description");
                o["InstanceProfileList"] = new JsonArray();
                o["RolePolicyList"] = InlineDetails(x.InlinePolicies);
                o["AttachedManagedPolicies"] = Attached(x.AttachedPolicyArns);
                return o;
            });
        if (Wants("LocalManagedPolicy") || Wants("AWSManagedPolicy"))
        {
            var policies = new List<ManagedPolicyRecord>();
            if (Wants("LocalManagedPolicy"))
                policies.AddRange(await AllAsync(m => _identity.ListPoliciesAsync(r.Account, "Local", false, null, null, m, 1000, ct)).ConfigureAwait(false));
            // As AWS does, AWS managed policies appear only when something in the account uses them.
            if (Wants("AWSManagedPolicy"))
                policies.AddRange(await AllAsync(m => _identity.ListPoliciesAsync(r.Account, "AWS", true, null, null, m, 1000, ct)).ConfigureAwait(false));
            result["Policies"] = IamShapes.Array(policies, p =>
            {
                var o = IamShapes.Policy(p, withTags: false);
                o["PolicyVersionList"] = IamShapes.Array(p.Versions, v => IamShapes.PolicyVersion(v, p.DefaultVersionId));
                return o;
            });
        }
        return result;
    }

    private static async Task<List<T>> AllAsync<T>(Func<string?, Task<Page<T>>> list)
    {
        var all = new List<T>();
        string? marker = null;
        do
        {
            var page = await list(marker).ConfigureAwait(false);
            all.AddRange(page.Items);
            marker = page.Marker;
        } while (marker is not null);
        return all;
    }

    private static JsonArray InlineDetails(IReadOnlyDictionary<string, string> inline)
    {
        var names = new List<string>(inline.Keys);
        names.Sort(StringComparer.Ordinal);
        return IamShapes.Array(names, n => new JsonObject { ["PolicyName"] = n, ["PolicyDocument"] = PolicyDocuments.Encode(inline[n]) });
    }

    private static JsonArray Attached(IReadOnlyList<string> arns) =>
        IamShapes.Array(arns, a => new JsonObject { ["PolicyName"] = a[(a.LastIndexOf('/') + 1)..], ["PolicyArn"] = a });

    private async Task<JsonObject?> SimulatePrincipalAsync(IamRequest r, CancellationToken ct)
    {
        var source = r.Req("PolicySourceArn");
        var parts = source.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[4] != r.Account)
            throw IamErrors.InvalidInput($"Invalid ARN: {source}.");
        var resource = parts[5];
        var name = resource[(resource.LastIndexOf('/') + 1)..];
        PrincipalPolicies principal;
        if (resource.StartsWith("user/", StringComparison.Ordinal))
        {
            principal = await _gatherer.ForUserAsync(r.Account, name, ct).ConfigureAwait(false);
        }
        else if (resource.StartsWith("role/", StringComparison.Ordinal))
        {
            principal = await _gatherer.ForRoleAsync(r.Account, name, ct).ConfigureAwait(false);
        }
        else if (resource.StartsWith("group/", StringComparison.Ordinal))
        {
            var group = await _identity.GetGroupAsync(r.Account, name, ct).ConfigureAwait(false);
            var policies = new List<CompiledPolicy>();
            foreach (var (policyName, doc) in group.InlinePolicies) policies.Add(_gatherer.Compile($"group/{group.GroupName}/{policyName}", doc));
            foreach (var arn in group.AttachedPolicyArns)
            {
                var p = await _identity.GetPolicyAsync(r.Account, arn, ct).ConfigureAwait(false);
                policies.Add(_gatherer.Compile(p.Arn, p.DefaultVersion.Document));
            }
            principal = new PrincipalPolicies(group.Arn, group.GroupId, policies, null, new Dictionary<string, string>());
        }
        else
        {
            throw IamErrors.InvalidInput($"Invalid ARN: {source}. Only users, groups and roles can be simulated.");
        }
        var identity = new List<CompiledPolicy>(principal.IdentityPolicies);
        identity.AddRange(CompileInputs(r, "PolicyInputList", "PolicyInputList"));
        var boundaries = CompileInputs(r, "PermissionsBoundaryPolicyInputList", "PermissionsBoundaryPolicyInputList");
        var boundary = boundaries.Count > 0 ? boundaries[0] : principal.PermissionsBoundary;
        return Simulate(r, r.Str("CallerArn") ?? principal.Arn, principal, identity, boundary);
    }

    private Task<JsonObject?> SimulateCustomAsync(IamRequest r, CancellationToken ct)
    {
        var identity = CompileInputs(r, "PolicyInputList", "PolicyInputList");
        var boundaries = CompileInputs(r, "PermissionsBoundaryPolicyInputList", "PermissionsBoundaryPolicyInputList");
        var caller = r.Str("CallerArn") ?? $"arn:aws:iam::{r.Account}:user/SimulatedUser";
        return Task.FromResult(Simulate(r, caller, null, identity, boundaries.Count > 0 ? boundaries[0] : null));
    }

    private List<CompiledPolicy> CompileInputs(IamRequest r, string member, string label)
    {
        var result = new List<CompiledPolicy>();
        var documents = r.Strings(member);
        for (var i = 0; i < documents.Count; i++)
        {
            PolicyDocuments.Check(documents[i], PolicyDocuments.Kind.Identity);
            result.Add(_gatherer.Compile($"{label}.{i + 1}", documents[i]));
        }
        return result;
    }

    private static JsonObject? Simulate(IamRequest r, string caller, PrincipalPolicies? principal, List<CompiledPolicy> identity, CompiledPolicy? boundary)
    {
        CompiledPolicy? resourcePolicy = null;
        if (r.Str("ResourcePolicy") is { } rp)
        {
            PolicyDocuments.Check(rp, PolicyDocuments.Kind.Trust);
            resourcePolicy = CompiledPolicy.Parse(rp, "ResourcePolicy");
        }
        var set = new PolicySet(identity, resourcePolicy, boundary);
        var context = ContextEntries(r, principal);
        var resources = r.Strings("ResourceArns");
        if (resources.Count == 0) resources = ["*"];
        var results = new List<JsonObject>();
        foreach (var action in r.Strings("ActionNames"))
            foreach (var resource in resources)
            {
                var request = new RequestContext(caller, action, resource, context);
                var evaluation = PolicyEvaluator.Evaluate(set, request, explain: true);
                results.Add(new JsonObject
                {
                    ["EvalActionName"] = action,
                    ["EvalResourceName"] = resource,
                    ["EvalDecision"] = evaluation.Decision switch
                    {
                        Decision.Allowed => "allowed",
                        Decision.ExplicitlyDenied => "explicitDeny",
                        _ => "implicitDeny",
                    },
                    ["MatchedStatements"] = Matched(evaluation),
                    ["MissingContextValues"] = new JsonArray(),
                });
            }
        return IamShapes.Paged("EvaluationResults", IdentityService.PageOf(results, r.Str("Marker"), r.Int("MaxItems")), o => o);
    }

    private static List<KeyValuePair<string, string[]>> ContextEntries(IamRequest r, PrincipalPolicies? principal)
    {
        var keys = new List<KeyValuePair<string, string[]>>();
        if (principal is not null)
        {
            keys.Add(new("aws:userid", [principal.UniqueId]));
            foreach (var (key, value) in principal.Tags) keys.Add(new("aws:PrincipalTag/" + key, [value]));
        }
        if (r.Input.TryGetPropertyValue("ContextEntries", out var node) && node is JsonArray entries)
            foreach (var entry in entries)
                if (entry is JsonObject e && e["ContextKeyName"]?.GetValue<string>() is { } name)
                {
                    var values = new List<string>();
                    if (e["ContextKeyValues"] is JsonArray vs)
                        foreach (var v in vs)
                            if (v is not null) values.Add(v.GetValue<string>());
                    keys.RemoveAll(k => string.Equals(k.Key, name, StringComparison.OrdinalIgnoreCase));
                    keys.Add(new(name, [.. values]));
                }
        return keys;
    }

    /// <summary>The statements that decided: every applying statement of the kind that allowed or denied.</summary>
    private static JsonArray Matched(EvaluationResult evaluation)
    {
        var matched = new JsonArray();
        if (evaluation.Explanation is not { } explanation) return matched;
        var wanted = evaluation.Decision == Decision.ExplicitlyDenied ? Effect.Deny : Effect.Allow;
        if (evaluation.Decision == Decision.ImplicitlyDenied) return matched;
        foreach (var policy in explanation.Policies)
            foreach (var statement in policy.Statements)
            {
                if (!statement.Applies || statement.Effect != wanted) continue;
                var position = new JsonObject { ["Line"] = (long)statement.Position.Line, ["Column"] = (long)statement.Position.Column };
                matched.Add(new JsonObject
                {
                    ["SourcePolicyId"] = policy.Name,
                    ["SourcePolicyType"] = SourceType(policy),
                    ["StartPosition"] = position,
                    ["EndPosition"] = position.DeepClone(),
                });
            }
        return matched;
    }

    private static string SourceType(PolicyTrace policy)
    {
        if (policy.Kind is PolicyKind.ResourceBased or PolicyKind.RoleTrust) return "resource";
        if (policy.Name.StartsWith(AwsManagedPolicies.ArnPrefix, StringComparison.Ordinal)) return "aws-managed";
        if (policy.Name.StartsWith("arn:", StringComparison.Ordinal)) return "user-managed";
        if (policy.Name.StartsWith("group/", StringComparison.Ordinal)) return "group";
        if (policy.Name.StartsWith("role/", StringComparison.Ordinal)) return "role";
        if (policy.Name.StartsWith("user/", StringComparison.Ordinal)) return "user";
        return "none";
    }
}

using System.Text;
using System.Text.Json;
using Sekisho.Policy;
using Sekisho.Server.Authentication;
using Sekisho.Server.Organization;

namespace Sekisho.Server.Authorization;

/// <summary>
/// The one authorization path (DESIGN principle 2): gather the policies of the caller (identity policies and
/// boundary from the identity domain, the session policy from the token, SCP levels of the caller's account,
/// the resource policy the operation supplies), build the request context, let the engine decide. A denial
/// carries AWS's message plus <c> Encoded authorization failure message: ...</c> with the full explanation.
/// </summary>
public sealed class Authorizer(OrganizationService organization, PolicyCache policies, AuthorizationMessages messages)
{
    public async ValueTask<AuthorizationOutcome> AuthorizeAsync(Caller caller, AuthorizationRequest request, RequestFacts facts, CancellationToken cancellationToken)
    {
        var set = await GatherAsync(caller, request.ResourceFacts, cancellationToken);
        var orgId = await organization.OrganizationIdAsync(cancellationToken);
        var context = RequestContextBuilder.Build(caller, request.Action, request.Resource, facts, orgId,
            request.ResourceFacts.Tags, request.OperationKeys);
        var decision = PolicyEvaluator.Decide(set, context);
        if (decision == Decision.Allowed) return new AuthorizationOutcome(decision, request.Action, request.Resource, null, null);

        var result = PolicyEvaluator.Evaluate(set, context);
        var encoded = messages.Encode(ExplanationJson(result, context));
        var reason = result.DeniedBy is { } kind ? $"{result.Decision} by {EvaluationResultJson.KindName(kind)}" : result.Decision.ToString();
        return new AuthorizationOutcome(result.Decision, request.Action, request.Resource,
            result.Message + " Encoded authorization failure message: " + encoded, reason);
    }

    /// <summary>The policy set for <paramref name="caller"/>; public so simulation and tests see exactly what decisions see.</summary>
    public async ValueTask<PolicySet> GatherAsync(Caller caller, ResourceFacts resource, CancellationToken cancellationToken)
    {
        var principal = caller.Principal;
        var sessionPolicy = caller.Session?.SessionPolicy is { } text ? policies.Get(text, "session policy") : null;
        var scps = await organization.ServiceControlPoliciesAsync(caller.Account, cancellationToken);
        return new PolicySet(
            principal?.IdentityPolicies ?? [],
            resource.ResourcePolicy,
            principal?.PermissionsBoundary,
            sessionPolicy,
            scps);
    }

    /// <summary>
    /// The explanation as sts:DecodeAuthorizationMessage returns it: AWS's top-level fields (allowed,
    /// explicitDeny, context) plus Sekisho's full evaluation trace.
    /// </summary>
    public static string ExplanationJson(EvaluationResult result, RequestContext context)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("allowed", result.Decision == Decision.Allowed);
            writer.WriteBoolean("explicitDeny", result.Decision == Decision.ExplicitlyDenied);
            writer.WriteStartObject("context");
            writer.WriteString("principal", context.Principal);
            writer.WriteString("action", context.Action);
            writer.WriteString("resource", context.Resource);
            writer.WriteStartObject("conditions");
            foreach (var (key, values) in context.Keys.OrderBy(k => k.Key, StringComparer.OrdinalIgnoreCase))
            {
                writer.WriteStartArray(key);
                foreach (var v in values) writer.WriteStringValue(v);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WritePropertyName("evaluation");
            EvaluationResultJson.Write(writer, result);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

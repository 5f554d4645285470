using Sekisho.Cedar.Entities;
using Sekisho.Cedar.Evaluation;

namespace Sekisho.Cedar.Authorization;

/// <summary>
/// Cedar authorization: forbid overrides permit, default deny; a policy whose evaluation fails is skipped and
/// reported. Policies whose scope does not match the request are not evaluated.
/// </summary>
public static class Authorizer
{
    public static AuthorizationResponse IsAuthorized(Request request, PolicySet policies, EntityStore entities)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(entities);
        var compiled = policies.Compiled();
        var evaluator = new Evaluator(request, entities);
        List<string>? permits = null;
        List<string>? forbids = null;
        List<AuthorizationError>? errors = null;
        for (var i = 0; i < compiled.Length; i++)
        {
            var p = compiled[i];
            if (!p.ScopeMatches(request, entities)) continue;
            bool satisfied;
            try
            {
                satisfied = Satisfied(p, evaluator);
            }
            catch (EvaluationException e)
            {
                (errors ??= []).Add(new AuthorizationError(p.Id, e.Kind, e.Message));
                continue;
            }
            if (!satisfied) continue;
            if (p.IsForbid) (forbids ??= []).Add(p.Id);
            else (permits ??= []).Add(p.Id);
        }
        IReadOnlyList<AuthorizationError> errorList = errors is null ? [] : errors;
        if (forbids is not null) return new AuthorizationResponse(Decision.Deny, forbids, errorList);
        if (permits is not null) return new AuthorizationResponse(Decision.Allow, permits, errorList);
        return new AuthorizationResponse(Decision.Deny, [], errorList);
    }

    private static bool Satisfied(CompiledPolicy p, Evaluator evaluator)
    {
        var conditions = p.Conditions;
        for (var i = 0; i < conditions.Length; i++)
        {
            var value = evaluator.EvaluateBool(conditions[i]);
            if (value != p.IsWhen[i]) return false;
        }
        return true;
    }
}

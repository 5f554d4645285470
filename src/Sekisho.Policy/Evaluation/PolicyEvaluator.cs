using Sekisho.Policy.Evaluation;

namespace Sekisho.Policy;

/// <summary>
/// Decides requests with AWS's evaluation logic (see README: explicit deny anywhere; RCPs and SCPs per
/// organization level; resource-based policies by how they name the caller; identity policies; permissions
/// boundary; session policy; role trust policies for sts:AssumeRole; both accounts across accounts).
/// <see cref="Decide"/> allocates nothing; <see cref="Evaluate"/> adds the message and, on request, the trace.
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>The decision alone, on the allocation-free path.</summary>
    public static Decision Decide(PolicySet policies, RequestContext request)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(request);
        return Run(policies, request, null).Decision;
    }

    /// <summary>
    /// The decision and its AWS-worded message. The explanation is built when <paramref name="explain"/> is true,
    /// by evaluating a second time with tracing (so the common allowed case stays cheap when it is not wanted).
    /// </summary>
    public static EvaluationResult Evaluate(PolicySet policies, RequestContext request, bool explain = true)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(request);
        var outcome = Run(policies, request, null);
        var message = DenialMessages.For(outcome.Decision, outcome.Kind, request.Principal, request.Action, request.Resource);
        if (!explain) return new EvaluationResult(outcome.Decision, outcome.Decision == Decision.Allowed ? null : outcome.Kind, message, null);
        var tracer = new Tracer();
        var traced = Run(policies, request, tracer);
        var explanation = new Explanation(
            Summary(traced, request),
            traced.Kind is null ? null : new DecidingStatement(traced.Kind.Value, traced.Policy?.Name, traced.Level,
                traced.StatementIndex >= 0 ? traced.StatementIndex : null,
                traced.StatementIndex >= 0 ? traced.Policy!.Statements[traced.StatementIndex].Source.Sid : null),
            request.IsCrossAccount,
            IsTrustAction(request.Action),
            request.Identity.Account,
            request.ResourceAccount,
            request.Keys,
            request.DerivedKeys,
            tracer.Policies);
        return new EvaluationResult(outcome.Decision, outcome.Decision == Decision.Allowed ? null : outcome.Kind, message, explanation);
    }

    /// <summary>Actions decided by the role's trust policy rather than an ordinary resource-based policy.</summary>
    public static bool IsTrustAction(string action) =>
        action.StartsWith("sts:AssumeRole", StringComparison.OrdinalIgnoreCase)
        || action.Equals("sts:TagSession", StringComparison.OrdinalIgnoreCase)
        || action.Equals("sts:SetSourceIdentity", StringComparison.OrdinalIgnoreCase)
        || action.Equals("sts:SetContext", StringComparison.OrdinalIgnoreCase);

    private readonly record struct Outcome(Decision Decision, PolicyKind? Kind, CompiledPolicy? Policy, int? Level, int StatementIndex)
    {
        public static Outcome Allow(PolicyKind kind, CompiledPolicy? policy, int index) => new(Decision.Allowed, kind, policy, null, index);
        public static Outcome Implicit(PolicyKind kind, int? level = null) => new(Decision.ImplicitlyDenied, kind, null, level, -1);
    }

    /// <summary>
    /// sts:GetCallerIdentity needs no permission and cannot be denied, not even explicitly (AWS STS API Reference,
    /// GetCallerIdentity: "No permissions are required to perform this operation").
    /// </summary>
    public static bool IsAlwaysAllowed(string action) => action.Equals("sts:GetCallerIdentity", StringComparison.OrdinalIgnoreCase);

    private static Outcome Run(PolicySet set, RequestContext request, Tracer? tracer)
    {
        if (IsAlwaysAllowed(request.Action)) return new Outcome(Decision.Allowed, null, null, null, -1);
        var trust = IsTrustAction(request.Action);
        var resourceKind = trust ? PolicyKind.RoleTrust : PolicyKind.ResourceBased;
        var caller = request.Identity;
        Outcome? deny = null;

        // Explicit denies first, in the order the kinds are named when several deny: SCP, RCP, resource-based,
        // identity-based, permissions boundary, session policy. Each level's allow is remembered for later.
        var scpFailingLevel = -1;
        if (!caller.IsServiceLinkedRole)
        {
            for (var level = 0; level < set.Scps.Length; level++)
            {
                var v = EvaluateAll(set.Scps[level], request, PrincipalMode.Ignore, tracer, PolicyKind.ServiceControlPolicy, level);
                if (v.Denies && deny is null)
                {
                    deny = new Outcome(Decision.ExplicitlyDenied, PolicyKind.ServiceControlPolicy, v.DenyPolicy, level, v.DenyIndex);
                    if (tracer is null) return deny.Value;
                }
                if (!v.Allows && scpFailingLevel < 0) scpFailingLevel = level;
            }
        }
        // RCPs: only their denies matter. RCPFullAWSAccess is attached at every level and cannot be detached
        // (AWS Organizations, "Resource control policies"), so every level always allows.
        for (var level = 0; level < set.Rcps.Length; level++)
        {
            var v = EvaluateAll(set.Rcps[level], request, PrincipalMode.IfPresent, tracer, PolicyKind.ResourceControlPolicy, level);
            if (v.Denies && deny is null)
            {
                deny = new Outcome(Decision.ExplicitlyDenied, PolicyKind.ResourceControlPolicy, v.DenyPolicy, level, v.DenyIndex);
                if (tracer is null) return deny.Value;
            }
        }
        var resource = Verdict.Empty;
        if (set.ResourcePolicy is not null)
        {
            resource = EvaluateOne(set.ResourcePolicy, request, PrincipalMode.Require, tracer, resourceKind, null);
            if (resource.Denies && deny is null)
            {
                deny = new Outcome(Decision.ExplicitlyDenied, resourceKind, set.ResourcePolicy, null, resource.DenyIndex);
                if (tracer is null) return deny.Value;
            }
        }
        var identity = EvaluateAll(set.Identity, request, PrincipalMode.Ignore, tracer, PolicyKind.IdentityBased, null);
        if (identity.Denies && deny is null)
        {
            deny = new Outcome(Decision.ExplicitlyDenied, PolicyKind.IdentityBased, identity.DenyPolicy, null, identity.DenyIndex);
            if (tracer is null) return deny.Value;
        }
        var boundary = Verdict.Empty;
        if (set.PermissionsBoundary is not null)
        {
            boundary = EvaluateOne(set.PermissionsBoundary, request, PrincipalMode.Ignore, tracer, PolicyKind.PermissionsBoundary, null);
            if (boundary.Denies && deny is null)
            {
                deny = new Outcome(Decision.ExplicitlyDenied, PolicyKind.PermissionsBoundary, set.PermissionsBoundary, null, boundary.DenyIndex);
                if (tracer is null) return deny.Value;
            }
        }
        var session = Verdict.Empty;
        if (set.SessionPolicy is not null)
        {
            session = EvaluateOne(set.SessionPolicy, request, PrincipalMode.Ignore, tracer, PolicyKind.SessionPolicy, null);
            if (session.Denies && deny is null)
            {
                deny = new Outcome(Decision.ExplicitlyDenied, PolicyKind.SessionPolicy, set.SessionPolicy, null, session.DenyIndex);
                if (tracer is null) return deny.Value;
            }
        }
        if (deny is not null) return deny.Value;
        if (scpFailingLevel >= 0) return Outcome.Implicit(PolicyKind.ServiceControlPolicy, scpFailingLevel);

        // The principal's side: identity policies, then the boundary and the session policy when they exist.
        // The account root is allowed everything in its own account by identity (only SCPs/RCPs/denies limit it).
        var identityAllows = identity.Allows || (caller.Type == PrincipalType.AccountRoot && !request.IsCrossAccount);
        var boundaryAllows = set.PermissionsBoundary is null || boundary.Allows;
        // A federated-user session without a session policy gets nothing (GetFederationToken).
        var sessionAllows = set.SessionPolicy is null ? caller.Type != PrincipalType.FederatedUser : session.Allows;
        PolicyKind? principalSideMissing = !identityAllows ? PolicyKind.IdentityBased
            : !boundaryAllows ? PolicyKind.PermissionsBoundary
            : !sessionAllows ? PolicyKind.SessionPolicy
            : null;

        if (trust || request.IsKmsKeyRequest || request.IsCrossAccount)
        {
            // The resource side must allow on its own: a role trust policy and a KMS key policy always (IAM User
            // Guide, "Policy evaluation logic": they must allow the principal themselves), any resource policy
            // across accounts.
            if (!resource.Allows) return Outcome.Implicit(resourceKind);
            var needsPrincipalSide = request.IsCrossAccount || resource.AllowMatch == PrincipalMatch.Account;
            if (!needsPrincipalSide && resource.AllowMatch == PrincipalMatch.Role)
            {
                if (!boundaryAllows) return Outcome.Implicit(PolicyKind.PermissionsBoundary);
                if (!sessionAllows) return Outcome.Implicit(PolicyKind.SessionPolicy);
            }
            if (!needsPrincipalSide && resource.AllowMatch == PrincipalMatch.Everyone && !sessionAllows)
                return Outcome.Implicit(PolicyKind.SessionPolicy);
            if (needsPrincipalSide && principalSideMissing is { } missing) return Outcome.Implicit(missing);
            return Outcome.Allow(resourceKind, set.ResourcePolicy, resource.AllowIndex);
        }

        if (resource.Allows)
        {
            switch (resource.AllowMatch)
            {
                case PrincipalMatch.Direct:
                    return Outcome.Allow(resourceKind, set.ResourcePolicy, resource.AllowIndex);
                case PrincipalMatch.Everyone:
                    // "*" for a role session: the session policy limits it (it does not name the session ARN); the
                    // boundary does not (AWS is silent; iam-simulate's rule, as for grants naming the session).
                    if (!sessionAllows) return Outcome.Implicit(PolicyKind.SessionPolicy);
                    return Outcome.Allow(resourceKind, set.ResourcePolicy, resource.AllowIndex);
                case PrincipalMatch.Role:
                    if (!boundaryAllows) return Outcome.Implicit(PolicyKind.PermissionsBoundary);
                    if (!sessionAllows) return Outcome.Implicit(PolicyKind.SessionPolicy);
                    return Outcome.Allow(resourceKind, set.ResourcePolicy, resource.AllowIndex);
            }
        }
        if (principalSideMissing is { } m) return Outcome.Implicit(m);
        return identity.Allows
            ? Outcome.Allow(PolicyKind.IdentityBased, identity.AllowPolicy, identity.AllowIndex)
            : new Outcome(Decision.Allowed, null, null, null, -1);
    }

    private static Verdict EvaluateAll(CompiledPolicy[] policies, RequestContext request, PrincipalMode mode, Tracer? tracer,
        PolicyKind kind, int? level)
    {
        var combined = Verdict.Empty;
        foreach (var policy in policies)
        {
            var v = EvaluateOne(policy, request, mode, tracer, kind, level);
            if (v.Denies && !combined.Denies)
            {
                combined.DenyIndex = v.DenyIndex;
                combined.DenyPolicy = policy;
                if (tracer is null) return combined;
            }
            if (v.Allows && !combined.Allows)
            {
                combined.AllowIndex = v.AllowIndex;
                combined.AllowPolicy = policy;
            }
        }
        return combined;
    }

    private static Verdict EvaluateOne(CompiledPolicy policy, RequestContext request, PrincipalMode mode, Tracer? tracer,
        PolicyKind kind, int? level)
    {
        var verdict = Verdict.Empty;
        verdict.AllowMatch = PrincipalMatch.None;
        var statements = policy.Statements;
        List<StatementTrace>? traces = tracer is null ? null : new List<StatementTrace>(statements.Length);
        for (var i = 0; i < statements.Length; i++)
        {
            var s = statements[i];
            PrincipalMatch match;
            if (traces is not null)
            {
                var t = TraceStatement(s, request, mode, out match);
                traces.Add(t);
                if (!t.Applies) continue;
            }
            else
            {
                if (!s.MatchesAction(request.Action, request.ActionServiceHash, request.ActionHash)) continue;
                match = PrincipalFor(s, request, mode);
                if (match == PrincipalMatch.None) continue;
                if (!s.MatchesResource(request.Resource, request)) continue;
                if (!s.MatchesConditions(request)) continue;
            }
            if (s.Effect == Effect.Deny)
            {
                if (verdict.DenyIndex < 0)
                {
                    verdict.DenyIndex = i;
                    verdict.DenyPolicy = policy;
                }
                if (traces is null) return verdict;
            }
            else if (verdict.AllowIndex < 0 || match > verdict.AllowMatch)
            {
                // Keep the allow that names the caller most directly: it decides what the grant is worth.
                verdict.AllowIndex = i;
                verdict.AllowPolicy = policy;
                verdict.AllowMatch = match;
            }
        }
        tracer?.Policies.Add(new PolicyTrace(kind, policy.Name, level, verdict.Allows, verdict.Denies, traces!));
        return verdict;
    }

    private static PrincipalMatch PrincipalFor(CompiledStatement s, RequestContext request, PrincipalMode mode) => mode switch
    {
        PrincipalMode.Ignore => PrincipalMatch.Direct,
        PrincipalMode.IfPresent when s.Source.Principal is null => PrincipalMatch.Direct,
        _ => s.MatchPrincipal(request.Identity),
    };

    private static StatementTrace TraceStatement(CompiledStatement s, RequestContext request, PrincipalMode mode, out PrincipalMatch match)
    {
        var action = s.MatchesAction(request.Action, request.ActionServiceHash, request.ActionHash);
        var resource = s.MatchesResource(request.Resource, request);
        match = PrincipalFor(s, request, mode);
        var conditions = new List<ConditionTrace>(s.Conditions.Count);
        var allConditions = true;
        foreach (var c in s.Conditions)
        {
            var t = c.Trace(request);
            conditions.Add(t);
            allConditions &= t.Result;
        }
        string? note = null;
        if (!resource && s.Source.Resources is not null)
            foreach (var r in s.Source.Resources)
                if (r.Value.Contains("${", StringComparison.Ordinal))
                {
                    note = s.Source.IsNotResource
                        ? "a NotResource holds a policy variable that does not resolve, so the statement does not apply"
                        : "a Resource holds a policy variable; an absent key makes it match nothing";
                    break;
                }
        bool? principal = mode == PrincipalMode.Ignore || (mode == PrincipalMode.IfPresent && s.Source.Principal is null)
            ? null
            : match != PrincipalMatch.None;
        if (principal == true && match == PrincipalMatch.Account) note = "the principal matched through its account (delegates to the account's identity policies)";
        if (principal == true && match == PrincipalMatch.Role) note = "the principal matched through its role's ARN";
        var applies = action && resource && match != PrincipalMatch.None && allConditions;
        return new StatementTrace(s.Source.Index, s.Source.Sid, s.Effect, action, resource, principal, conditions, applies, note, s.Source.Position);
    }

    private static string Summary(Outcome o, RequestContext request)
    {
        string Where()
        {
            var s = o.Policy!.Statements[o.StatementIndex].Source;
            var sid = s.Sid is { Length: > 0 } ? $" (Sid \"{s.Sid}\")" : "";
            var level = o.Level is { } l ? $" at organization level {l}" : "";
            return $"statement {s.Index}{sid} of {DenialMessages.Noun(o.Kind!.Value)} '{o.Policy.Name}'{level} (line {s.Position.Line} of the document)";
        }
        return o.Decision switch
        {
            Decision.Allowed when o.Policy is not null => $"allowed by {Where()}",
            Decision.Allowed when IsAlwaysAllowed(request.Action) =>
                $"allowed: {request.Action} needs no permission and cannot be denied by any policy (AWS STS API Reference, GetCallerIdentity)",
            Decision.Allowed => "allowed: the account root user in its own account",
            Decision.ExplicitlyDenied => $"explicitly denied by {Where()}",
            _ => o.Kind switch
            {
                PolicyKind.ServiceControlPolicy or PolicyKind.ResourceControlPolicy =>
                    $"no {DenialMessages.Noun(o.Kind.Value)} at organization level {o.Level} allows {request.Action} on {request.Resource}",
                _ => $"no {DenialMessages.Noun(o.Kind!.Value)} allows {request.Action} on {request.Resource}"
                     + (request.IsCrossAccount ? $" (cross-account: principal account {request.Identity.Account}, resource account {request.ResourceAccount})" : ""),
            },
        };
    }
}

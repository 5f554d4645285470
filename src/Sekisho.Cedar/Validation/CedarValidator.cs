using System.Collections.Immutable;
using Sekisho.Cedar.Ast;
using Sekisho.Cedar.Schema;
using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Validation;

/// <summary>
/// Strict validation of policies against a schema, as the reference validator does it in strict mode
/// (cedar-policy 4.10-4.12): every entity type and action the policy names must be declared, the scope must
/// match at least one action's <c>appliesTo</c>, and the condition (scope and clauses together) must typecheck
/// in every request environment the schema allows.
/// </summary>
public sealed class CedarValidator
{
    private readonly SchemaInfo _schema;
    private readonly List<RequestEnv> _envs = [];

    public CedarValidator(CedarSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = new SchemaInfo(schema);
        foreach (var action in schema.Actions.Values)
        {
            var context = VType.FromSchemaRecord(action.Context);
            foreach (var principal in action.PrincipalTypes)
            {
                foreach (var resource in action.ResourceTypes)
                {
                    _envs.Add(new RequestEnv(principal, action.Uid, resource, context, null, null));
                }
            }
        }
    }

    public static ValidationResult Validate(PolicySet policies, CedarSchema schema) => new CedarValidator(schema).Validate(policies);

    public ValidationResult Validate(PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var errors = new List<ValidationError>();
        var warnings = new List<ValidationWarning>();
        foreach (var template in policies.Templates)
        {
            ValidatePolicy(template, errors, warnings);
        }
        foreach (var policy in policies.Policies)
        {
            if (policy.TemplateId is null)
            {
                ValidatePolicy(policy, errors, warnings);
            }
            else
            {
                ValidateLink(policy, errors);
            }
        }
        return new ValidationResult(errors, warnings);
    }

    /// <summary>Validates one static policy or template, appending its errors and warnings.</summary>
    public void ValidatePolicy(Policy policy, List<ValidationError> errors, List<ValidationWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(warnings);
        var found = new List<ValidationError>();
        new ScopeChecker(_schema, policy, found).Run();
        CheckActionApplication(policy, policy.Principal, policy.Resource, found);
        var condition = PolicyCondition.Build(policy);
        var allFalse = true;
        foreach (var env in _envs)
        {
            foreach (var linked in LinkSlots(policy, env))
            {
                var envErrors = new List<ValidationError>();
                var answer = new Typechecker(_schema, linked, policy.Id, envErrors).Expect(Answer.NoCaps, condition, [VType.Bool]);
                found.AddRange(envErrors);
                if (answer.Type?.Kind != VTypeKind.False) allFalse = false;
            }
        }
        if (allFalse)
        {
            warnings.Add(new ValidationWarning(policy.Id, policy.Span, "policy is impossible: the policy expression evaluates to false for all valid requests"));
        }
        var seen = new HashSet<(ValidationErrorKind, SourceSpan, string)>();
        foreach (var e in found)
        {
            if (seen.Add((e.Kind, e.Span, e.Message))) errors.Add(e);
        }
    }

    private void ValidateLink(Policy policy, List<ValidationError> errors)
    {
        foreach (var c in (ScopeConstraint[])[policy.Principal, policy.Resource])
        {
            if (c.Entity is { } uid && !_schema.IsKnownEntityType(uid.Type))
            {
                errors.Add(new ValidationError(ValidationErrorKind.UnrecognizedEntityType, policy.Id, c.Span, $"unrecognized entity type `{uid.Type}`"));
            }
        }
        CheckActionApplication(policy, policy.Principal, policy.Resource, errors);
    }

    /// <summary>For templates, the slot types worth trying given the scope; a static policy has one link (none).</summary>
    private IEnumerable<RequestEnv> LinkSlots(Policy policy, RequestEnv env)
    {
        foreach (var p in SlotCandidates(policy.Principal, env.PrincipalType))
        {
            foreach (var r in SlotCandidates(policy.Resource, env.ResourceType))
            {
                yield return env with { PrincipalSlot = p, ResourceSlot = r };
            }
        }
    }

    private IEnumerable<string?> SlotCandidates(ScopeConstraint constraint, string varType)
    {
        if (!constraint.HasSlot)
        {
            yield return null;
            yield break;
        }
        switch (constraint.Kind)
        {
            case ScopeKind.Eq:
                yield return varType;
                break;
            case ScopeKind.In:
            case ScopeKind.IsIn:
                foreach (var type in _schema.Schema.EntityTypes.Keys)
                {
                    if (_schema.Schema.DescendantTypes(type).Contains(varType)) yield return type;
                }
                yield return varType;
                break;
            default:
                foreach (var type in _schema.Schema.EntityTypes.Keys) yield return type;
                break;
        }
    }

    private void CheckActionApplication(Policy policy, ScopeConstraint principal, ScopeConstraint resource, List<ValidationError> errors)
    {
        var actions = ActionsSatisfying(policy.Action);
        var principals = TypesSatisfying(principal);
        var resources = TypesSatisfying(resource);
        foreach (var uid in actions)
        {
            if (!_schema.Schema.Actions.TryGetValue(uid, out var action)) continue;
            if (action.PrincipalTypes.Any(principals.Contains) && action.ResourceTypes.Any(resources.Contains)) return;
        }
        errors.Add(new ValidationError(ValidationErrorKind.InvalidActionApplication, policy.Id, policy.Span,
            "unable to find an applicable action given the policy scope constraints" + InFixHint(policy, principal, resource, actions)));
    }

    private string InFixHint(Policy policy, ScopeConstraint principal, ScopeConstraint resource, List<SchemaActionUid> actions)
    {
        var fixes = new List<string>();
        if (InWouldFix(principal, actions, a => a.PrincipalTypes)) fixes.Add("principal");
        if (InWouldFix(resource, actions, a => a.ResourceTypes)) fixes.Add("resource");
        _ = policy;
        return fixes.Count == 0 ? "" : $"; try replacing `==` with `in` in the {string.Join(" and ", fixes)} clause";
    }

    private bool InWouldFix(ScopeConstraint c, List<SchemaActionUid> actions, Func<SchemaAction, IReadOnlyList<string>> select)
    {
        if (c.Kind != ScopeKind.Eq || c.Entity is null) return false;
        var type = c.Entity.Type;
        var specs = new List<SchemaAction>();
        foreach (var uid in actions)
        {
            if (_schema.Schema.Actions.TryGetValue(uid, out var a)) specs.Add(a);
        }
        if (specs.Any(s => select(s).Contains(type))) return false;
        if (!_schema.Schema.EntityTypes.ContainsKey(type)) return false;
        var descendants = _schema.Schema.DescendantTypes(type);
        return specs.Any(s => select(s).Any(descendants.Contains));
    }

    private List<SchemaActionUid> ActionsSatisfying(ActionConstraint constraint)
    {
        switch (constraint.Kind)
        {
            case ScopeKind.Any:
                return [.. _schema.Schema.Actions.Keys];
            case ScopeKind.Eq:
                return [ToAction(constraint.Entities[0])];
            default:
                var uids = new List<SchemaActionUid>();
                foreach (var e in constraint.Entities) uids.Add(ToAction(e));
                var set = _schema.ActionsInSet(uids);
                return set is null ? [] : [.. set];
        }
    }

    private static SchemaActionUid ToAction(EntityUid uid) => new(uid.Type, uid.Id);

    private HashSet<string> TypesSatisfying(ScopeConstraint c)
    {
        var all = new HashSet<string>(_schema.Schema.EntityTypes.Keys, StringComparer.Ordinal);
        switch (c.Kind)
        {
            case ScopeKind.Any:
                return all;
            case ScopeKind.Eq:
                return c.Entity is null ? all : new HashSet<string>(StringComparer.Ordinal) { c.Entity.Type };
            case ScopeKind.In:
                return c.Entity is null ? all : _schema.EntityTypesIn(c.Entity.Type);
            case ScopeKind.Is:
                return _schema.Schema.EntityTypes.ContainsKey(c.EntityType!) ? new HashSet<string>(StringComparer.Ordinal) { c.EntityType! } : [];
            default:
                if (c.Entity is null)
                {
                    return _schema.Schema.EntityTypes.ContainsKey(c.EntityType!) ? new HashSet<string>(StringComparer.Ordinal) { c.EntityType! } : [];
                }
                var inTypes = _schema.EntityTypesIn(c.Entity.Type);
                return inTypes.Contains(c.EntityType!) ? new HashSet<string>(StringComparer.Ordinal) { c.EntityType! } : [];
        }
    }
}

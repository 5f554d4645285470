using Sekisho.Cedar.Ast;
using Sekisho.Cedar.Entities;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Authorization;

/// <summary>A policy flattened for the authorizer's loop: scope checks as plain fields, conditions as arrays.</summary>
internal sealed class CompiledPolicy
{
    public CompiledPolicy(Policy policy)
    {
        Policy = policy;
        Id = policy.Id;
        IsForbid = policy.Effect == Effect.Forbid;
        PrincipalKind = policy.Principal.Kind;
        PrincipalEntity = policy.Principal.Entity;
        PrincipalType = policy.Principal.EntityType;
        ActionKind = policy.Action.Kind;
        ActionEntities = [.. policy.Action.Entities];
        ResourceKind = policy.Resource.Kind;
        ResourceEntity = policy.Resource.Entity;
        ResourceType = policy.Resource.EntityType;
        Conditions = new Expr[policy.Conditions.Count];
        IsWhen = new bool[policy.Conditions.Count];
        for (var i = 0; i < Conditions.Length; i++)
        {
            Conditions[i] = ConstantFolder.Fold(policy.Conditions[i].Body);
            IsWhen[i] = policy.Conditions[i].IsWhen;
        }
    }

    public Policy Policy { get; }

    public string Id { get; }

    public bool IsForbid { get; }

    public ScopeKind PrincipalKind { get; }

    public EntityUid? PrincipalEntity { get; }

    public string? PrincipalType { get; }

    public ScopeKind ActionKind { get; }

    public EntityUid[] ActionEntities { get; }

    public ScopeKind ResourceKind { get; }

    public EntityUid? ResourceEntity { get; }

    public string? ResourceType { get; }

    public Expr[] Conditions { get; }

    public bool[] IsWhen { get; }

    public bool ScopeMatches(Request request, EntityStore entities) =>
        Matches(PrincipalKind, PrincipalEntity, PrincipalType, request.Principal, entities) &&
        ActionMatches(request.Action, entities) &&
        Matches(ResourceKind, ResourceEntity, ResourceType, request.Resource, entities);

    private bool ActionMatches(EntityUid action, EntityStore entities)
    {
        switch (ActionKind)
        {
            case ScopeKind.Any: return true;
            case ScopeKind.Eq: return action.Equals(ActionEntities[0]);
            default:
                var list = ActionEntities;
                for (var i = 0; i < list.Length; i++)
                {
                    if (entities.IsIn(action, list[i])) return true;
                }
                return false;
        }
    }

    private static bool Matches(ScopeKind kind, EntityUid? entity, string? type, EntityUid actual, EntityStore entities) => kind switch
    {
        ScopeKind.Any => true,
        ScopeKind.Eq => actual.Equals(entity),
        ScopeKind.In => entities.IsIn(actual, entity!),
        ScopeKind.Is => string.Equals(actual.Type, type, StringComparison.Ordinal),
        _ => string.Equals(actual.Type, type, StringComparison.Ordinal) && entities.IsIn(actual, entity!),
    };
}

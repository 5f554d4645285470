using Sekisho.Cedar.Ast;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Validation;

/// <summary>
/// The single expression the reference typechecks for a policy: <c>principal &amp;&amp; (action &amp;&amp; (resource
/// &amp;&amp; clauses))</c>, where each scope constraint becomes its expression and the clauses are a right fold of
/// the <c>when</c> bodies and negated <c>unless</c> bodies.
/// </summary>
internal static class PolicyCondition
{
    public static Expr Build(Policy policy)
    {
        Expr body = new LiteralExpr(Value.True, policy.Span);
        for (var i = policy.Conditions.Count - 1; i >= 0; i--)
        {
            var c = policy.Conditions[i];
            Expr clause = c.IsWhen ? c.Body : new UnaryExpr(UnaryOp.Not, c.Body, c.Span);
            body = i == policy.Conditions.Count - 1 ? clause : new AndExpr(clause, body, c.Span);
        }
        var resource = Scope(policy.Resource, Variable.Resource);
        var action = Action(policy.Action);
        var principal = Scope(policy.Principal, Variable.Principal);
        return new AndExpr(principal, new AndExpr(action, new AndExpr(resource, body, policy.Span), policy.Span), policy.Span);
    }

    private static Expr Scope(ScopeConstraint c, Variable variable)
    {
        var v = new VariableExpr(variable, c.Span);
        Expr Target() => c.Slot is { } slot ? new SlotExpr(slot, c.Span) : new LiteralExpr(Value.FromEntity(c.Entity!), c.Span);
        return c.Kind switch
        {
            ScopeKind.Any => new LiteralExpr(Value.True, c.Span),
            ScopeKind.Eq => new BinaryExpr(BinaryOp.Eq, v, Target(), c.Span),
            ScopeKind.In => new BinaryExpr(BinaryOp.In, v, Target(), c.Span),
            ScopeKind.Is => new IsExpr(v, c.EntityType!, null, c.Span),
            _ => new AndExpr(new IsExpr(v, c.EntityType!, null, c.Span), new BinaryExpr(BinaryOp.In, v, Target(), c.Span), c.Span),
        };
    }

    private static Expr Action(ActionConstraint c)
    {
        var v = new VariableExpr(Variable.Action, c.Span);
        switch (c.Kind)
        {
            case ScopeKind.Any:
                return new LiteralExpr(Value.True, c.Span);
            case ScopeKind.Eq:
                return new BinaryExpr(BinaryOp.Eq, v, new LiteralExpr(Value.FromEntity(c.Entities[0]), c.Span), c.Span);
            default:
                var elements = new List<Expr>();
                foreach (var uid in c.Entities) elements.Add(new LiteralExpr(Value.FromEntity(uid), c.Span));
                return new BinaryExpr(BinaryOp.In, v, new SetExpr(elements, c.Span), c.Span);
        }
    }
}

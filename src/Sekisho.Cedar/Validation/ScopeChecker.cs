using Sekisho.Cedar.Ast;
using Sekisho.Cedar.Schema;
using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Validation;

/// <summary>
/// The checks the reference makes once per policy rather than per request environment: every entity type
/// named (in literals and <c>is</c>) is declared, every action literal is a declared action, and every literal
/// of an enumerated type uses one of its values.
/// </summary>
internal sealed class ScopeChecker(SchemaInfo schema, Policy policy, List<ValidationError> errors)
{
    public void Run()
    {
        Scope(policy.Principal);
        foreach (var uid in policy.Action.Entities) Literal(uid, policy.Action.Span);
        Scope(policy.Resource);
        foreach (var c in policy.Conditions) Walk(c.Body);
    }

    private void Scope(ScopeConstraint c)
    {
        if (c.EntityType is not null) TypeName(c.EntityType, c.Span);
        if (c.Entity is not null) Literal(c.Entity, c.Span);
    }

    private void TypeName(string type, SourceSpan span)
    {
        if (!schema.IsKnownEntityType(type))
        {
            errors.Add(new ValidationError(ValidationErrorKind.UnrecognizedEntityType, policy.Id, span, $"unrecognized entity type `{type}`" + Suggest(type)));
        }
    }

    private string Suggest(string type)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in schema.Schema.EntityTypes.Keys)
        {
            var d = Distance(type, candidate);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }
        return best is not null && bestDistance <= Math.Max(1, type.Length / 3) ? $"; did you mean `{best}`?" : "";
    }

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    private void Literal(EntityUid uid, SourceSpan span)
    {
        TypeName(uid.Type, span);
        if (SchemaInfo.IsActionType(uid.Type))
        {
            if (!schema.IsKnownAction(new SchemaActionUid(uid.Type, uid.Id)))
            {
                errors.Add(new ValidationError(ValidationErrorKind.UnrecognizedActionId, policy.Id, span, $"unrecognized action `{uid}`"));
            }
            return;
        }
        if (schema.Schema.EntityTypes.TryGetValue(uid.Type, out var type) && type.EnumIds is { } ids && !ids.Contains(uid.Id))
        {
            errors.Add(new ValidationError(ValidationErrorKind.InvalidEnumEntity, policy.Id, span,
                $"entity `{uid}` is of an enumerated entity type, but `\"{uid.Id}\"` is not declared as a valid eid"));
        }
    }

    private void Walk(Expr e)
    {
        switch (e)
        {
            case LiteralExpr { Value.Kind: ValueKind.Entity } l: Literal(l.Value.AsEntity, l.Span); break;
            case IfExpr i: Walk(i.Condition); Walk(i.Then); Walk(i.Else); break;
            case AndExpr a: Walk(a.Left); Walk(a.Right); break;
            case OrExpr o: Walk(o.Left); Walk(o.Right); break;
            case UnaryExpr u: Walk(u.Operand); break;
            case BinaryExpr b: Walk(b.Left); Walk(b.Right); break;
            case GetAttrExpr g: Walk(g.Target); break;
            case HasAttrExpr h: Walk(h.Target); break;
            case LikeExpr k: Walk(k.Target); break;
            case IsExpr s:
                Walk(s.Target);
                TypeName(s.EntityType, s.Span);
                if (s.InExpr is not null) Walk(s.InExpr);
                break;
            case SetExpr set: foreach (var x in set.Elements) Walk(x); break;
            case RecordExpr r: foreach (var (_, v) in r.Attributes) Walk(v); break;
            case ExtensionCallExpr c: foreach (var x in c.Arguments) Walk(x); break;
        }
    }
}

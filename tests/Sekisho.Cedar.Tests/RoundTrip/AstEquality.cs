using Sekisho.Cedar.Ast;

namespace Sekisho.Cedar.Tests.RoundTrip;

/// <summary>
/// Structural equality of policies, ignoring source spans (a re-parsed or JSON-read policy has different
/// spans, or none). Returns the first difference found, as a path, or null when equal.
/// </summary>
public static class AstEquality
{
    public static string? Difference(Policy a, Policy b)
    {
        if (a.Id != b.Id) return $"id {a.Id} vs {b.Id}";
        if (a.Effect != b.Effect) return "effect";
        if (a.Annotations.Count != b.Annotations.Count) return "annotation count";
        for (var i = 0; i < a.Annotations.Count; i++)
        {
            // Annotation order is not meaningful (the JSON form sorts them), so match by key.
            var key = a.Annotations[i].Key;
            var other = b.Annotations.FirstOrDefault(x => x.Key == key);
            if (other is null || other.Value != a.Annotations[i].Value) return $"annotation @{key}";
        }
        if (Scope(a.Principal, b.Principal) is { } p) return "principal: " + p;
        if (a.Action.Kind != b.Action.Kind || !a.Action.Entities.SequenceEqual(b.Action.Entities)) return "action";
        if (Scope(a.Resource, b.Resource) is { } r) return "resource: " + r;
        if (a.Conditions.Count != b.Conditions.Count) return "condition count";
        for (var i = 0; i < a.Conditions.Count; i++)
        {
            if (a.Conditions[i].IsWhen != b.Conditions[i].IsWhen) return $"conditions[{i}] kind";
            if (Expr(a.Conditions[i].Body, b.Conditions[i].Body) is { } d) return $"conditions[{i}]: {d}";
        }
        return null;
    }

    private static string? Scope(ScopeConstraint a, ScopeConstraint b) =>
        a.Kind == b.Kind && Equals(a.Entity, b.Entity) && a.Slot == b.Slot && a.EntityType == b.EntityType ? null : $"{a.Kind} vs {b.Kind}";

    public static string? Expr(Expr a, Expr b)
    {
        if (a.Kind != b.Kind) return $"{a.Kind} vs {b.Kind}";
        switch (a)
        {
            case LiteralExpr x:
                return x.Value.Equals(((LiteralExpr)b).Value) ? null : $"literal {x.Value} vs {((LiteralExpr)b).Value}";
            case VariableExpr x:
                return x.Variable == ((VariableExpr)b).Variable ? null : "variable";
            case SlotExpr x:
                return x.Slot == ((SlotExpr)b).Slot ? null : "slot";
            case UnaryExpr x:
                {
                    var y = (UnaryExpr)b;
                    return x.Op != y.Op ? $"{x.Op} vs {y.Op}" : Expr(x.Operand, y.Operand);
                }
            case AndExpr x:
                return Expr(x.Left, ((AndExpr)b).Left) ?? Expr(x.Right, ((AndExpr)b).Right);
            case OrExpr x:
                return Expr(x.Left, ((OrExpr)b).Left) ?? Expr(x.Right, ((OrExpr)b).Right);
            case BinaryExpr x:
                {
                    var y = (BinaryExpr)b;
                    return x.Op != y.Op ? $"{x.Op} vs {y.Op}" : Expr(x.Left, y.Left) ?? Expr(x.Right, y.Right);
                }
            case GetAttrExpr x:
                {
                    var y = (GetAttrExpr)b;
                    return x.Attribute != y.Attribute ? $".{x.Attribute} vs .{y.Attribute}" : Expr(x.Target, y.Target);
                }
            case HasAttrExpr x:
                {
                    var y = (HasAttrExpr)b;
                    return x.Attribute != y.Attribute ? $"has {x.Attribute} vs has {y.Attribute}" : Expr(x.Target, y.Target);
                }
            case LikeExpr x:
                {
                    var y = (LikeExpr)b;
                    return !x.Pattern.Equals(y.Pattern) ? $"like {x.Pattern} vs {y.Pattern}" : Expr(x.Target, y.Target);
                }
            case IsExpr x:
                {
                    var y = (IsExpr)b;
                    if (x.EntityType != y.EntityType) return $"is {x.EntityType} vs {y.EntityType}";
                    if ((x.InExpr is null) != (y.InExpr is null)) return "is ... in";
                    return Expr(x.Target, y.Target) ?? (x.InExpr is null ? null : Expr(x.InExpr, y.InExpr!));
                }
            case IfExpr x:
                {
                    var y = (IfExpr)b;
                    return Expr(x.Condition, y.Condition) ?? Expr(x.Then, y.Then) ?? Expr(x.Else, y.Else);
                }
            case SetExpr x:
                {
                    var y = (SetExpr)b;
                    if (x.Elements.Count != y.Elements.Count) return "set size";
                    for (var i = 0; i < x.Elements.Count; i++)
                    {
                        if (Expr(x.Elements[i], y.Elements[i]) is { } d) return $"[{i}]: {d}";
                    }
                    return null;
                }
            case RecordExpr x:
                {
                    // A record's attributes have no order (the JSON form sorts them).
                    var xs = x.Attributes.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
                    var ys = ((RecordExpr)b).Attributes.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
                    if (xs.Count != ys.Count) return "record size";
                    for (var i = 0; i < xs.Count; i++)
                    {
                        if (xs[i].Key != ys[i].Key) return $"record key {xs[i].Key} vs {ys[i].Key}";
                        if (Expr(xs[i].Value, ys[i].Value) is { } d) return $"{xs[i].Key}: {d}";
                    }
                    return null;
                }
            case ExtensionCallExpr x:
                {
                    var y = (ExtensionCallExpr)b;
                    if (x.Name != y.Name || x.IsMethod != y.IsMethod || x.Arguments.Count != y.Arguments.Count) return $"call {x.Name} vs {y.Name}";
                    for (var i = 0; i < x.Arguments.Count; i++)
                    {
                        if (Expr(x.Arguments[i], y.Arguments[i]) is { } d) return $"{x.Name}[{i}]: {d}";
                    }
                    return null;
                }
            default:
                return $"unknown node {a.Kind}";
        }
    }
}

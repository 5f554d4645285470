using Sekisho.Cedar.Ast;
using Sekisho.Cedar.Evaluation;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Authorization;

/// <summary>
/// Replaces extension constructor calls on string literals (<c>ip("10.0.0.0/8")</c>) by their value once, so
/// requests do not re-parse them. A call whose argument does not parse is left alone to fail at evaluation.
/// </summary>
internal static class ConstantFolder
{
    public static Expr Fold(Expr e) => e switch
    {
        ExtensionCallExpr c when !c.IsMethod && c.Arguments.Count == 1 && c.Arguments[0] is LiteralExpr { Value.Kind: ValueKind.String } lit
            => TryConstruct(c, lit.Value.AsString),
        ExtensionCallExpr c => c with { Arguments = FoldAll(c.Arguments) },
        IfExpr i => i with { Condition = Fold(i.Condition), Then = Fold(i.Then), Else = Fold(i.Else) },
        AndExpr a => a with { Left = Fold(a.Left), Right = Fold(a.Right) },
        OrExpr o => o with { Left = Fold(o.Left), Right = Fold(o.Right) },
        UnaryExpr u => u with { Operand = Fold(u.Operand) },
        BinaryExpr b => b with { Left = Fold(b.Left), Right = Fold(b.Right) },
        GetAttrExpr g => g with { Target = Fold(g.Target) },
        HasAttrExpr h => h with { Target = Fold(h.Target) },
        LikeExpr l => l with { Target = Fold(l.Target) },
        IsExpr i => i with { Target = Fold(i.Target), InExpr = i.InExpr is null ? null : Fold(i.InExpr) },
        SetExpr s => s with { Elements = FoldAll(s.Elements) },
        RecordExpr r => r with { Attributes = FoldAttributes(r.Attributes) },
        _ => e,
    };

    private static Expr TryConstruct(ExtensionCallExpr call, string argument)
    {
        try
        {
            return new LiteralExpr(ExtensionCalls.Construct(call.Name, argument, call.Span), call.Span);
        }
        catch (EvaluationException)
        {
            // Deliberately kept as a call: the error belongs to the request that evaluates it.
            return call;
        }
    }

    private static Expr[] FoldAll(IReadOnlyList<Expr> items)
    {
        var result = new Expr[items.Count];
        for (var i = 0; i < result.Length; i++) result[i] = Fold(items[i]);
        return result;
    }

    private static KeyValuePair<string, Expr>[] FoldAttributes(IReadOnlyList<KeyValuePair<string, Expr>> attrs)
    {
        var result = new KeyValuePair<string, Expr>[attrs.Count];
        for (var i = 0; i < result.Length; i++) result[i] = new KeyValuePair<string, Expr>(attrs[i].Key, Fold(attrs[i].Value));
        return result;
    }
}

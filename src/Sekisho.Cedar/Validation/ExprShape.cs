using System.Text;
using Sekisho.Cedar.Ast;

namespace Sekisho.Cedar.Validation;

/// <summary>
/// A canonical text for an expression that ignores source positions, so that a <c>has</c> test and a later
/// attribute access on the same expression are recognised as being about the same thing.
/// </summary>
internal static class ExprShape
{
    public static string Of(Expr e)
    {
        var sb = new StringBuilder();
        Append(sb, e);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, Expr e)
    {
        switch (e)
        {
            case LiteralExpr l: sb.Append("L(").Append(l.Value.Kind).Append(':'); l.Value.AppendTo(sb); sb.Append(')'); break;
            case VariableExpr v: sb.Append("V(").Append(v.Variable).Append(')'); break;
            case SlotExpr s: sb.Append("S(").Append(s.Slot).Append(')'); break;
            case IfExpr i: sb.Append("If("); Append(sb, i.Condition); sb.Append(','); Append(sb, i.Then); sb.Append(','); Append(sb, i.Else); sb.Append(')'); break;
            case AndExpr a: sb.Append("And("); Append(sb, a.Left); sb.Append(','); Append(sb, a.Right); sb.Append(')'); break;
            case OrExpr o: sb.Append("Or("); Append(sb, o.Left); sb.Append(','); Append(sb, o.Right); sb.Append(')'); break;
            case UnaryExpr u: sb.Append("U").Append(u.Op).Append('('); Append(sb, u.Operand); sb.Append(')'); break;
            case BinaryExpr b: sb.Append("B").Append(b.Op).Append('('); Append(sb, b.Left); sb.Append(','); Append(sb, b.Right); sb.Append(')'); break;
            case GetAttrExpr g: sb.Append("Get("); Append(sb, g.Target); sb.Append(',').Append(g.Attribute.Length).Append(':').Append(g.Attribute).Append(')'); break;
            case HasAttrExpr h: sb.Append("Has("); Append(sb, h.Target); sb.Append(',').Append(h.Attribute.Length).Append(':').Append(h.Attribute).Append(')'); break;
            case LikeExpr k:
                sb.Append("Like(");
                Append(sb, k.Target);
                sb.Append(',').Append(k.Pattern).Append(')');
                break;
            case IsExpr s:
                sb.Append("Is(");
                Append(sb, s.Target);
                sb.Append(',').Append(s.EntityType);
                if (s.InExpr is not null) { sb.Append(','); Append(sb, s.InExpr); }
                sb.Append(')');
                break;
            case SetExpr set:
                sb.Append("Set(");
                foreach (var x in set.Elements) { Append(sb, x); sb.Append(','); }
                sb.Append(')');
                break;
            case RecordExpr r:
                sb.Append("Rec(");
                foreach (var (k, v) in r.Attributes) { sb.Append(k.Length).Append(':').Append(k).Append('='); Append(sb, v); sb.Append(','); }
                sb.Append(')');
                break;
            case ExtensionCallExpr c:
                sb.Append("Call(").Append(c.Name);
                foreach (var x in c.Arguments) { sb.Append(','); Append(sb, x); }
                sb.Append(')');
                break;
            default:
                throw new InvalidOperationException($"unknown expression node {e.GetType().Name}");
        }
    }
}

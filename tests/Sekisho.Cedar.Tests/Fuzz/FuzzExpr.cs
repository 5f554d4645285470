using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>
/// A generated Cedar expression. <see cref="Token"/> is the literal's source text, the variable, the binary
/// operator, the <c>has</c> path, the <c>like</c> pattern (quoted), the <c>is</c> type, the method or function
/// name, or the attribute name; <see cref="Keys"/> names a record literal's fields. Printed fully
/// parenthesised, so the printer never depends on precedence (the corpus round trips test that).
/// </summary>
public sealed record FuzzExpr(FuzzExprKind Kind, string Token, ImmutableArray<FuzzExpr> Args, ImmutableArray<string> Keys = default)
{
    public static readonly FuzzExpr True = Lit("true");
    public static readonly FuzzExpr False = Lit("false");

    public static FuzzExpr Lit(string text) => new(FuzzExprKind.Literal, text, []);

    public static FuzzExpr Var(string name) => new(FuzzExprKind.Var, name, []);

    public static FuzzExpr Bin(string op, FuzzExpr left, FuzzExpr right) => new(FuzzExprKind.Binary, op, [left, right]);

    public static FuzzExpr Method(string name, FuzzExpr receiver, params FuzzExpr[] args) =>
        new(FuzzExprKind.Method, name, [receiver, .. args]);

    public static FuzzExpr Call(string name, params FuzzExpr[] args) => new(FuzzExprKind.Call, name, [.. args]);

    public static FuzzExpr Attr(FuzzExpr target, string name) =>
        new(IsIdentifier(name) ? FuzzExprKind.Attribute : FuzzExprKind.Index, name, [target]);

    public int Size
    {
        get
        {
            var n = 1;
            foreach (var a in Args) n += a.Size;
            return n;
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        Print(sb);
        return sb.ToString();
    }

    public void Print(StringBuilder sb)
    {
        switch (Kind)
        {
            case FuzzExprKind.Literal:
            case FuzzExprKind.Var:
                sb.Append(Token);
                break;
            case FuzzExprKind.Not:
                sb.Append("!(");
                Args[0].Print(sb);
                sb.Append(')');
                break;
            case FuzzExprKind.Negate:
                sb.Append("-(");
                Args[0].Print(sb);
                sb.Append(')');
                break;
            case FuzzExprKind.Binary:
                sb.Append('(');
                Args[0].Print(sb);
                sb.Append(' ').Append(Token).Append(' ');
                Args[1].Print(sb);
                sb.Append(')');
                break;
            case FuzzExprKind.If:
                sb.Append("(if ");
                Args[0].Print(sb);
                sb.Append(" then ");
                Args[1].Print(sb);
                sb.Append(" else ");
                Args[2].Print(sb);
                sb.Append(')');
                break;
            case FuzzExprKind.Has:
                sb.Append('(');
                Args[0].Print(sb);
                sb.Append(" has ").Append(Token).Append(')');
                break;
            case FuzzExprKind.Like:
                sb.Append('(');
                Args[0].Print(sb);
                sb.Append(" like ").Append(Token).Append(')');
                break;
            case FuzzExprKind.Is:
                sb.Append('(');
                Args[0].Print(sb);
                sb.Append(" is ").Append(Token);
                if (Args.Length > 1)
                {
                    sb.Append(" in ");
                    Args[1].Print(sb);
                }
                sb.Append(')');
                break;
            case FuzzExprKind.Method:
                sb.Append('(');
                Args[0].Print(sb);
                sb.Append(").").Append(Token).Append('(');
                PrintList(sb, Args, 1);
                sb.Append(')');
                break;
            case FuzzExprKind.Call:
                sb.Append(Token).Append('(');
                PrintList(sb, Args, 0);
                sb.Append(')');
                break;
            case FuzzExprKind.Attribute:
                sb.Append('(');
                Args[0].Print(sb);
                sb.Append(").").Append(Token);
                break;
            case FuzzExprKind.Index:
                sb.Append('(');
                Args[0].Print(sb);
                sb.Append(")[").Append(CedarText.Quote(Token)).Append(']');
                break;
            case FuzzExprKind.Set:
                sb.Append('[');
                PrintList(sb, Args, 0);
                sb.Append(']');
                break;
            case FuzzExprKind.Record:
                sb.Append('{');
                for (var i = 0; i < Args.Length; i++)
                {
                    if (i > 0) sb.Append(", ");
                    sb.Append(IsIdentifier(Keys[i]) ? Keys[i] : CedarText.Quote(Keys[i])).Append(": ");
                    Args[i].Print(sb);
                }
                sb.Append('}');
                break;
            default:
                throw new InvalidOperationException(Kind.ToString());
        }
    }

    /// <summary>Smaller expressions to try in place of this one while shrinking: each child, then constants.</summary>
    public IEnumerable<FuzzExpr> Simplifications()
    {
        if (Kind is FuzzExprKind.Literal or FuzzExprKind.Var) yield break;
        foreach (var a in Args) yield return a;
        yield return True;
        yield return False;
        yield return Lit("1");
        for (var i = 0; i < Args.Length; i++)
        {
            foreach (var smaller in Args[i].Simplifications())
            {
                yield return this with { Args = Args.SetItem(i, smaller) };
            }
        }
        if (Kind is FuzzExprKind.Set or FuzzExprKind.Record)
        {
            for (var i = 0; i < Args.Length; i++)
            {
                yield return this with { Args = Args.RemoveAt(i), Keys = Kind == FuzzExprKind.Record ? Keys.RemoveAt(i) : Keys };
            }
        }
    }

    public static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_')) return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        }
        return !Reserved.Contains(name);
    }

    // Cedar's reserved identifiers cannot follow `.` or start a `has` path.
    private static readonly FrozenSet<string> Reserved =
        new[] { "true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar" }.ToFrozenSet(StringComparer.Ordinal);

    private static void PrintList(StringBuilder sb, ImmutableArray<FuzzExpr> items, int from)
    {
        for (var i = from; i < items.Length; i++)
        {
            if (i > from) sb.Append(", ");
            items[i].Print(sb);
        }
    }
}

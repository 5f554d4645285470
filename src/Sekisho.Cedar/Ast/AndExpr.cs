using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary><c>Left &amp;&amp; Right</c>, short-circuiting.</summary>
public sealed record AndExpr(Expr Left, Expr Right, SourceSpan Span) : Expr(Span)
{
    public override ExprKind Kind => ExprKind.And;
}

using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary><c>Left || Right</c>, short-circuiting.</summary>
public sealed record OrExpr(Expr Left, Expr Right, SourceSpan Span) : Expr(Span)
{
    public override ExprKind Kind => ExprKind.Or;
}

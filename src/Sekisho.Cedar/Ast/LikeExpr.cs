using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary><c>Target like "pattern"</c>.</summary>
public sealed record LikeExpr(Expr Target, Pattern Pattern, SourceSpan Span) : Expr(Span)
{
    public override ExprKind Kind => ExprKind.Like;
}

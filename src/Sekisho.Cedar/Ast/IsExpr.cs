using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary><c>Target is EntityType</c>, or <c>Target is EntityType in InExpr</c> when <see cref="InExpr"/> is set.</summary>
public sealed record IsExpr(Expr Target, string EntityType, Expr? InExpr, SourceSpan Span) : Expr(Span)
{
    public override ExprKind Kind => ExprKind.Is;
}

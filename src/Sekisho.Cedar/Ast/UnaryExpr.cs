using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary>A unary operator applied to <see cref="Operand"/>.</summary>
public sealed record UnaryExpr(UnaryOp Op, Expr Operand, SourceSpan Span) : Expr(Span)
{
    public override ExprKind Kind => ExprKind.Unary;
}

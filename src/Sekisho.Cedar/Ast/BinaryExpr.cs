using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary>A binary operator; for the method forms (<c>contains</c>, <c>getTag</c>, ...) Left is the receiver.</summary>
public sealed record BinaryExpr(BinaryOp Op, Expr Left, Expr Right, SourceSpan Span) : Expr(Span)
{
    public override ExprKind Kind => ExprKind.Binary;
}

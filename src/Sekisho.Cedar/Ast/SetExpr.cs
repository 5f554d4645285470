using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary>A set literal <c>[e1, e2, ...]</c>.</summary>
public sealed record SetExpr(IReadOnlyList<Expr> Elements, SourceSpan Span) : Expr(Span)
{
    public override ExprKind Kind => ExprKind.Set;
}

using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary><c>principal</c>, <c>action</c>, <c>resource</c> or <c>context</c>.</summary>
public sealed record VariableExpr(Variable Variable, SourceSpan Span) : Expr(Span)
{
    public override ExprKind Kind => ExprKind.Variable;
}

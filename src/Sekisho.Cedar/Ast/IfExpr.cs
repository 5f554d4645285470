using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary><c>if Condition then Then else Else</c>.</summary>
public sealed record IfExpr(Expr Condition, Expr Then, Expr Else, SourceSpan Span) : Expr(Span)
{
    public override ExprKind Kind => ExprKind.If;
}

using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Ast;

/// <summary>A literal: bool, long, string or entity reference.</summary>
public sealed record LiteralExpr(Value Value, SourceSpan Span) : Expr(Span)
{
    public override ExprKind Kind => ExprKind.Literal;
}

using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary><c>Target.Attribute</c> or <c>Target["Attribute"]</c>.</summary>
public sealed record GetAttrExpr(Expr Target, string Attribute, SourceSpan Span) : Expr(Span)
{
    public override ExprKind Kind => ExprKind.GetAttr;
}

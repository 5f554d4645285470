using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary><c>Target has Attribute</c> (a dotted <c>has a.b</c> is parsed into a chain of these).</summary>
public sealed record HasAttrExpr(Expr Target, string Attribute, SourceSpan Span) : Expr(Span)
{
    public override ExprKind Kind => ExprKind.HasAttr;
}

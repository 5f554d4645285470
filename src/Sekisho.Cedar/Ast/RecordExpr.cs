using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary>A record literal <c>{name: e, "other name": e}</c>, attributes in source order.</summary>
public sealed record RecordExpr(IReadOnlyList<KeyValuePair<string, Expr>> Attributes, SourceSpan Span) : Expr(Span)
{
    public override ExprKind Kind => ExprKind.Record;
}

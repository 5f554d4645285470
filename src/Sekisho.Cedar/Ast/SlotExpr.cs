using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary>A template slot used as an expression (only produced inside scope constraints).</summary>
public sealed record SlotExpr(SlotId Slot, SourceSpan Span) : Expr(Span)
{
    public override ExprKind Kind => ExprKind.Slot;
}

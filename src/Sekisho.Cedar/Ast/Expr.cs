using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary>A Cedar expression. Nodes are immutable and carry the span of text they were parsed from.</summary>
public abstract record Expr(SourceSpan Span)
{
    public abstract ExprKind Kind { get; }
}

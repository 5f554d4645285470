using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Ast;

/// <summary>
/// An extension function (<c>ip("...")</c>) or method (<c>a.isInRange(b)</c>); for a method the receiver is
/// the first argument and <see cref="IsMethod"/> is true.
/// </summary>
public sealed record ExtensionCallExpr(string Name, IReadOnlyList<Expr> Arguments, bool IsMethod, SourceSpan Span) : Expr(Span)
{
    public override ExprKind Kind => ExprKind.ExtensionCall;
}

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>Node kinds of a generated expression (see <see cref="FuzzExpr"/> for what Token holds in each).</summary>
public enum FuzzExprKind
{
    Literal,
    Var,
    Not,
    Negate,
    Binary,
    If,
    Has,
    Like,
    Is,
    Method,
    Call,
    Attribute,
    Index,
    Set,
    Record,
}

namespace Sekisho.Cedar.Ast;

/// <summary>Which <see cref="Expr"/> subclass a node is, so the evaluator can switch without type tests.</summary>
public enum ExprKind : byte
{
    Literal,
    Variable,
    Slot,
    If,
    And,
    Or,
    Unary,
    Binary,
    GetAttr,
    HasAttr,
    Like,
    Is,
    Set,
    Record,
    ExtensionCall,
}

namespace Sekisho.Cedar.Ast;

/// <summary>Operators of two operands, including the built-in methods that take one argument.</summary>
public enum BinaryOp : byte
{
    Eq,
    NotEq,
    Less,
    LessEq,
    Greater,
    GreaterEq,
    Add,
    Sub,
    Mul,
    In,
    Contains,
    ContainsAll,
    ContainsAny,
    GetTag,
    HasTag,
}

namespace Sekisho.Cedar.Ast;

/// <summary>Operators of one operand: <c>!e</c>, <c>-e</c>, <c>e.isEmpty()</c>.</summary>
public enum UnaryOp : byte
{
    Not,
    Neg,
    IsEmpty,
}

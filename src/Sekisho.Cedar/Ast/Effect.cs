namespace Sekisho.Cedar.Ast;

/// <summary>Whether a policy permits or forbids.</summary>
public enum Effect : byte
{
    Permit,
    Forbid,
}

namespace Sekisho.Cedar.Ast;

/// <summary>The four request variables.</summary>
public enum Variable : byte
{
    Principal,
    Action,
    Resource,
    Context,
}

namespace Sekisho.Cedar.Ast;

/// <summary>A template slot: <c>?principal</c> or <c>?resource</c>.</summary>
public enum SlotId : byte
{
    Principal,
    Resource,
}

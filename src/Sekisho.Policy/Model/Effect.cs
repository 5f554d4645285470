namespace Sekisho.Policy;

/// <summary>A statement's Effect.</summary>
public enum Effect
{
    Allow,
    Deny,
}

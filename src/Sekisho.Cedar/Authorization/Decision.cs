namespace Sekisho.Cedar.Authorization;

/// <summary>The outcome of an authorization request.</summary>
public enum Decision : byte
{
    Deny,
    Allow,
}

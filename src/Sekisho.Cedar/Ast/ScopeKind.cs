namespace Sekisho.Cedar.Ast;

/// <summary>The form of a principal, action or resource constraint in a policy's scope.</summary>
public enum ScopeKind : byte
{
    /// <summary>No constraint: <c>principal</c>.</summary>
    Any,

    /// <summary><c>principal == E</c>.</summary>
    Eq,

    /// <summary><c>principal in E</c> (for the action also <c>action in [E1, E2]</c>).</summary>
    In,

    /// <summary><c>principal is T</c>.</summary>
    Is,

    /// <summary><c>principal is T in E</c>.</summary>
    IsIn,
}

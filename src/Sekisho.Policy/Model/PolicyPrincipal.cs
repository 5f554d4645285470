namespace Sekisho.Policy;

/// <summary>
/// A statement's Principal or NotPrincipal element. <see cref="IsWildcard"/> is the bare string "*"; otherwise
/// <see cref="Values"/> holds each named principal (an AWS value "*" appears there as a value).
/// </summary>
public sealed record PolicyPrincipal(bool IsWildcard, IReadOnlyList<PrincipalValue> Values, SourcePosition Position);

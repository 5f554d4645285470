namespace Sekisho.Policy;

/// <summary>One principal named in a Principal / NotPrincipal element, e.g. AWS "arn:aws:iam::111122223333:root".</summary>
public sealed record PrincipalValue(PrincipalKind Kind, string Value, SourcePosition Position);

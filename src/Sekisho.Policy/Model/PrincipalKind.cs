namespace Sekisho.Policy;

/// <summary>The keys of a Principal / NotPrincipal object.</summary>
public enum PrincipalKind
{
    Aws,
    Service,
    Federated,
    CanonicalUser,
}

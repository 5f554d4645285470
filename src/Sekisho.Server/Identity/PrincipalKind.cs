namespace Sekisho.Server.Identity;

/// <summary>The IAM entities that carry policies.</summary>
public enum PrincipalKind
{
    User,
    Group,
    Role,
}

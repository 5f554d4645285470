namespace Sekisho.Server.Identity;

/// <summary>The IAM entities that carry policies.</summary>
public enum PolicyHolderKind
{
    User,
    Group,
    Role,
}

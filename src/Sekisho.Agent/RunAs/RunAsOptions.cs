namespace Sekisho.Agent.RunAs;

/// <summary>
/// How the agent maps a session to an OS user. The defaults are the stock agent's: <c>ssm-user</c>, created on first
/// use, its sudo rights in <c>/etc/sudoers.d/ssm-agent-users</c>. Tests change them to stay off the real names.
/// </summary>
public sealed record RunAsOptions
{
    /// <summary>The user a session without a Run As user gets, created when missing.</summary>
    public string DefaultUser { get; init; } = "ssm-user";

    /// <summary>The sudoers drop-in that gives <see cref="DefaultUser"/> sudo (written only when the server allows it).</summary>
    public string SudoersFile { get; init; } = "/etc/sudoers.d/ssm-agent-users";

    public string UserAdd { get; init; } = "/usr/sbin/useradd";
}

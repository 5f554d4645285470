namespace Sekisho.Server.Documents;

/// <summary>
/// An account's Session Manager preferences, from the inputs of its <c>SSM-SessionManagerRunShell</c> document.
/// </summary>
/// <param name="IdleSessionTimeout">idleSessionTimeout (minutes, 1-60, default 20)</param>
/// <param name="MaxSessionDuration">maxSessionDuration (minutes, 1-1440), null for no limit</param>
/// <param name="RunAsEnabled">runAsEnabled: sessions run as SSMSessionRunAs / runAsDefaultUser instead of ssm-user</param>
/// <param name="RunAsDefaultUser">runAsDefaultUser, null when unset</param>
/// <param name="ShellProfileLinux">shellProfile.linux: commands run before the prompt, null when empty</param>
/// <param name="SsmUserSudo">Sekisho's ssmUserSudo: whether the created ssm-user may use sudo (default false)</param>
/// <param name="RecordingRetention">Sekisho's recordingRetentionDays, null to keep recordings for ever</param>
public sealed record SessionPreferences(
    TimeSpan IdleSessionTimeout,
    TimeSpan? MaxSessionDuration,
    bool RunAsEnabled,
    string? RunAsDefaultUser,
    string? ShellProfileLinux,
    bool SsmUserSudo,
    TimeSpan? RecordingRetention)
{
    public static readonly SessionPreferences Default = new(TimeSpan.FromMinutes(20), null, false, null, null, false, null);
}

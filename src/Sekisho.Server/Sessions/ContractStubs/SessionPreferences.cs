namespace Sekisho.Server.Nodes;

// TEMPORARY stand-in for ssm-nodes' "Nodes contract" (removed when that branch is merged).
public sealed record SessionPreferences(TimeSpan IdleSessionTimeout, TimeSpan? MaxSessionDuration, bool RunAsEnabled, string? RunAsDefaultUser,
    string? ShellProfileLinux, bool SsmUserSudo, TimeSpan? RecordingRetention);

namespace Sekisho.Cli.Sessions;

/// <summary>How a data channel ended.</summary>
/// <param name="ChannelClosedOutput">The <c>Output</c> of the service's channel_closed message (null when none came).</param>
/// <param name="ExitCode">The remote exit code from an ExitCode payload (null when none came).</param>
/// <param name="Error">Why the channel broke for good (the resume failed, the peer stopped acknowledging), or null.</param>
public sealed record SessionEnd(string? ChannelClosedOutput, int? ExitCode, string? Error);

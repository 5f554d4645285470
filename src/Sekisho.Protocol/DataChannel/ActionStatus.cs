namespace Sekisho.Protocol.DataChannel;

/// <summary>The ActionStatus of a processed handshake action.</summary>
public enum ActionStatus
{
    Success = 1,
    Failed = 2,
    Unsupported = 3,
}

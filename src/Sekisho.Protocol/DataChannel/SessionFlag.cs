namespace Sekisho.Protocol.DataChannel;

/// <summary>The value of a <see cref="PayloadType.Flag"/> payload (a big-endian uint32).</summary>
public enum SessionFlag : uint
{
    DisconnectToPort = 1,
    TerminateSession = 2,
    ConnectToPortError = 3,
}

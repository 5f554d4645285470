namespace Sekisho.Protocol.DataChannel;

/// <summary>Where a handshake stands.</summary>
public enum HandshakeState
{
    /// <summary>Agent: request not sent yet. Client: nothing received yet.</summary>
    NotStarted,

    /// <summary>Agent: request sent, waiting for the response. Client: response sent, waiting for HandshakeComplete.</summary>
    InProgress,

    Complete,

    /// <summary>Client only: the first message was Output, so this is a plain shell without a handshake.</summary>
    Skipped,
}

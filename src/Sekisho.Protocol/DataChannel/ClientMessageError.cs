namespace Sekisho.Protocol.DataChannel;

/// <summary>Why a frame could not be decoded or encoded.</summary>
public enum ClientMessageError
{
    /// <summary>Fewer bytes than the 120-byte header.</summary>
    ShortFrame,

    /// <summary>HeaderLength is not 116.</summary>
    WrongHeaderLength,

    /// <summary>PayloadLength disagrees with the bytes after the header.</summary>
    LengthMismatch,

    /// <summary>PayloadDigest is not the SHA-256 of the payload.</summary>
    DigestMismatch,

    /// <summary>MessageType is not printable ASCII or does not fit in 32 bytes.</summary>
    BadMessageType,

    /// <summary>The destination span is too small for the frame.</summary>
    DestinationTooSmall,

    /// <summary>The payload is not what its payload type or message type requires.</summary>
    BadPayload,
}

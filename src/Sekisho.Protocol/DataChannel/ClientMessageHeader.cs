namespace Sekisho.Protocol.DataChannel;

/// <summary>
/// The fields of a data-channel message header that a sender chooses. HeaderLength, the digest and PayloadLength
/// follow from the payload and are written by <see cref="ClientMessageCodec"/>.
/// </summary>
/// <param name="MessageType">One of <see cref="MessageTypes"/> (at most 32 ASCII characters).</param>
/// <param name="SchemaVersion">1 for every message the stock peers send.</param>
/// <param name="CreatedDate">Epoch milliseconds.</param>
/// <param name="SequenceNumber">Per direction from 0 for stream data; 0 for everything else.</param>
/// <param name="Flags">See <see cref="MessageFlags"/>.</param>
/// <param name="MessageId">Written with its halves swapped on the wire.</param>
/// <param name="PayloadType">See <see cref="DataChannel.PayloadType"/>.</param>
public readonly record struct ClientMessageHeader(
    string MessageType,
    uint SchemaVersion,
    ulong CreatedDate,
    long SequenceNumber,
    ulong Flags,
    Guid MessageId,
    PayloadType PayloadType);

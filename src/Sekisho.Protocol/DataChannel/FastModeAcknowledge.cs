using System.Buffers.Binary;
using L = Sekisho.Protocol.DataChannel.ClientMessageLayout;

namespace Sekisho.Protocol.DataChannel;

/// <summary>
/// The payload of a <see cref="MessageTypes.FastAcknowledge"/> message (fast mode only): 16 bytes, big-endian, the
/// sequence number through which every stream message was received in order (-1 for none), then the payload bytes of
/// all stream messages the receiver's reader consumed since sequence 0 (the sender's window is counted against it).
/// </summary>
public static class FastModeAcknowledge
{
    public const int PayloadLength = 16;

    public static void Write(Span<byte> destination, long receivedThrough, long consumedBytes)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, receivedThrough);
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], consumedBytes);
    }

    /// <exception cref="ClientMessageException">The payload is not 16 bytes or holds a negative count.</exception>
    public static (long ReceivedThrough, long ConsumedBytes) Read(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != PayloadLength)
        {
            throw new ClientMessageException(ClientMessageError.BadPayload, L.PayloadOffset,
                $"a {MessageTypes.FastAcknowledge} payload is {PayloadLength} bytes, not {payload.Length}");
        }
        var through = BinaryPrimitives.ReadInt64BigEndian(payload);
        var consumed = BinaryPrimitives.ReadInt64BigEndian(payload[8..]);
        if (through < -1 || consumed < 0)
        {
            throw new ClientMessageException(ClientMessageError.BadPayload, L.PayloadOffset,
                $"a {MessageTypes.FastAcknowledge} payload holds sequence {through} and {consumed} consumed bytes");
        }
        return (through, consumed);
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using L = Sekisho.Protocol.DataChannel.ClientMessageLayout;

namespace Sekisho.Protocol.DataChannel;

/// <summary>
/// Encodes and decodes data-channel frames (the 120-byte header of <see cref="ClientMessageLayout"/> plus the
/// payload) on spans, without allocating for the known message types.
/// </summary>
public static class ClientMessageCodec
{
    /// <summary>Bytes of a frame carrying <paramref name="payloadLength"/> payload bytes.</summary>
    public static int GetFrameLength(int payloadLength) => L.HeaderSize + payloadLength;

    /// <summary>Writes the frame into <paramref name="destination"/> and returns its length.</summary>
    /// <param name="writeDigest">false leaves the PayloadDigest zero: only for fast mode with digests off, whose peer does not check it</param>
    /// <exception cref="ClientMessageException">The message type is invalid or the destination too small.</exception>
    public static int Encode(Span<byte> destination, in ClientMessageHeader header, ReadOnlySpan<byte> payload, bool writeDigest = true)
    {
        var frame = EncodeHeader(destination, header, payload.Length);
        payload.CopyTo(frame[L.PayloadOffset..]);
        FinishDigest(frame, writeDigest);
        return frame.Length;
    }

    /// <summary>
    /// As <see cref="Encode(Span{byte}, in ClientMessageHeader, ReadOnlySpan{byte}, bool)"/>, with the payload taken
    /// straight from a pipe's buffer (any number of segments), so the sender copies it once, into the frame.
    /// </summary>
    public static int Encode(Span<byte> destination, in ClientMessageHeader header, in ReadOnlySequence<byte> payload, bool writeDigest = true)
    {
        if (payload.Length > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, "a payload is at most 2 GiB");
        }
        var frame = EncodeHeader(destination, header, (int)payload.Length);
        payload.CopyTo(frame[L.PayloadOffset..]);
        FinishDigest(frame, writeDigest);
        return frame.Length;
    }

    /// <summary>Writes every header field but the digest and returns the whole frame's span.</summary>
    private static Span<byte> EncodeHeader(Span<byte> destination, in ClientMessageHeader header, int payloadLength)
    {
        var length = GetFrameLength(payloadLength);
        if (destination.Length < length)
        {
            throw new ClientMessageException(ClientMessageError.DestinationTooSmall, destination.Length,
                $"a frame of {length} bytes does not fit in {destination.Length}");
        }
        var frame = destination[..length];
        BinaryPrimitives.WriteUInt32BigEndian(frame[L.HeaderLengthOffset..], L.HeaderLengthValue);
        WriteMessageType(frame.Slice(L.MessageTypeOffset, L.MessageTypeLength), header.MessageType);
        BinaryPrimitives.WriteUInt32BigEndian(frame[L.SchemaVersionOffset..], header.SchemaVersion);
        BinaryPrimitives.WriteUInt64BigEndian(frame[L.CreatedDateOffset..], header.CreatedDate);
        BinaryPrimitives.WriteInt64BigEndian(frame[L.SequenceNumberOffset..], header.SequenceNumber);
        BinaryPrimitives.WriteUInt64BigEndian(frame[L.FlagsOffset..], header.Flags);
        WriteMessageId(frame.Slice(L.MessageIdOffset, L.MessageIdLength), header.MessageId);
        BinaryPrimitives.WriteUInt32BigEndian(frame[L.PayloadTypeOffset..], (uint)header.PayloadType);
        BinaryPrimitives.WriteUInt32BigEndian(frame[L.PayloadLengthOffset..], (uint)payloadLength);
        return frame;
    }

    /// <summary>The SHA-256 of the payload already in the frame, or zeros.</summary>
    private static void FinishDigest(Span<byte> frame, bool writeDigest)
    {
        var digest = frame.Slice(L.PayloadDigestOffset, L.PayloadDigestLength);
        if (writeDigest)
        {
            SHA256.HashData(frame[L.PayloadOffset..], digest);
        }
        else
        {
            digest.Clear();
        }
    }

    /// <summary>Writes the frame into <paramref name="writer"/> (a pipe, a pooled buffer writer).</summary>
    public static int Write(IBufferWriter<byte> writer, in ClientMessageHeader header, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = GetFrameLength(payload.Length);
        var written = Encode(writer.GetSpan(length), header, payload);
        writer.Advance(written);
        return written;
    }

    /// <summary>
    /// Decodes <paramref name="frame"/>. The payload is a slice of the frame. With <paramref name="verifyDigest"/>
    /// a non-empty payload must match its SHA-256 digest (as the stock plugin checks).
    /// </summary>
    /// <exception cref="ClientMessageException">What is wrong and where.</exception>
    public static ClientMessageHeader Decode(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> payload, bool verifyDigest = true)
    {
        if (frame.Length < L.HeaderSize)
        {
            throw new ClientMessageException(ClientMessageError.ShortFrame, frame.Length,
                $"frame of {frame.Length} bytes is shorter than the {L.HeaderSize}-byte header");
        }
        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(frame);
        if (headerLength != L.HeaderLengthValue)
        {
            throw new ClientMessageException(ClientMessageError.WrongHeaderLength, L.HeaderLengthOffset,
                $"HeaderLength is {headerLength}, expected {L.HeaderLengthValue}");
        }
        var payloadLength = BinaryPrimitives.ReadUInt32BigEndian(frame[L.PayloadLengthOffset..]);
        var available = frame.Length - L.HeaderSize;
        if (payloadLength != (uint)available)
        {
            throw new ClientMessageException(ClientMessageError.LengthMismatch, L.PayloadLengthOffset,
                $"PayloadLength is {payloadLength} but {available} bytes follow the header");
        }
        payload = frame[L.PayloadOffset..];
        if (verifyDigest && payload.Length != 0)
        {
            Span<byte> digest = stackalloc byte[L.PayloadDigestLength];
            SHA256.HashData(payload, digest);
            if (!digest.SequenceEqual(frame.Slice(L.PayloadDigestOffset, L.PayloadDigestLength)))
            {
                throw new ClientMessageException(ClientMessageError.DigestMismatch, L.PayloadDigestOffset,
                    $"PayloadDigest is not the SHA-256 of the {payload.Length}-byte payload");
            }
        }
        return new ClientMessageHeader(
            ReadMessageType(frame.Slice(L.MessageTypeOffset, L.MessageTypeLength)),
            BinaryPrimitives.ReadUInt32BigEndian(frame[L.SchemaVersionOffset..]),
            BinaryPrimitives.ReadUInt64BigEndian(frame[L.CreatedDateOffset..]),
            BinaryPrimitives.ReadInt64BigEndian(frame[L.SequenceNumberOffset..]),
            BinaryPrimitives.ReadUInt64BigEndian(frame[L.FlagsOffset..]),
            ReadMessageId(frame.Slice(L.MessageIdOffset, L.MessageIdLength)),
            (PayloadType)BinaryPrimitives.ReadUInt32BigEndian(frame[L.PayloadTypeOffset..]));
    }

    /// <summary>The sequence number of a frame without decoding the rest (for relays).</summary>
    public static long PeekSequenceNumber(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < L.HeaderSize)
        {
            throw new ClientMessageException(ClientMessageError.ShortFrame, frame.Length,
                $"frame of {frame.Length} bytes is shorter than the {L.HeaderSize}-byte header");
        }
        return BinaryPrimitives.ReadInt64BigEndian(frame[L.SequenceNumberOffset..]);
    }

    // The Java-era peers write the UUID as two longs, least significant half first.
    private static void WriteMessageId(Span<byte> destination, Guid id)
    {
        Span<byte> canonical = stackalloc byte[16];
        id.TryWriteBytes(canonical, bigEndian: true, out _);
        canonical[8..].CopyTo(destination);
        canonical[..8].CopyTo(destination[8..]);
    }

    private static Guid ReadMessageId(ReadOnlySpan<byte> source)
    {
        Span<byte> canonical = stackalloc byte[16];
        source[8..].CopyTo(canonical);
        source[..8].CopyTo(canonical[8..]);
        return new Guid(canonical, bigEndian: true);
    }

    private static void WriteMessageType(Span<byte> destination, string messageType)
    {
        ArgumentNullException.ThrowIfNull(messageType);
        if (messageType.Length > destination.Length)
        {
            throw new ClientMessageException(ClientMessageError.BadMessageType, L.MessageTypeOffset,
                $"MessageType '{messageType}' is longer than {destination.Length} bytes");
        }
        destination.Fill((byte)' ');
        for (var i = 0; i < messageType.Length; i++)
        {
            var c = messageType[i];
            if (c is < '!' or > '~')
            {
                throw new ClientMessageException(ClientMessageError.BadMessageType, L.MessageTypeOffset + i,
                    $"MessageType '{messageType}' has a character that is not printable ASCII");
            }
            destination[i] = (byte)c;
        }
    }

    private static string ReadMessageType(ReadOnlySpan<byte> field)
    {
        // The plugin trims NULs and then white space; a peer may pad either way.
        var end = field.Length;
        while (end > 0 && field[end - 1] is (byte)' ' or 0)
        {
            end--;
        }
        var name = field[..end];
        if (name.SequenceEqual("output_stream_data"u8))
        {
            return MessageTypes.OutputStreamData;
        }
        if (name.SequenceEqual("input_stream_data"u8))
        {
            return MessageTypes.InputStreamData;
        }
        if (name.SequenceEqual("acknowledge"u8))
        {
            return MessageTypes.Acknowledge;
        }
        if (name.SequenceEqual("sekisho_fast_ack"u8))
        {
            return MessageTypes.FastAcknowledge;
        }
        if (name.SequenceEqual("channel_closed"u8))
        {
            return MessageTypes.ChannelClosed;
        }
        if (name.SequenceEqual("start_publication"u8))
        {
            return MessageTypes.StartPublication;
        }
        if (name.SequenceEqual("pause_publication"u8))
        {
            return MessageTypes.PausePublication;
        }
        if (name.SequenceEqual("agent_session_state"u8))
        {
            return MessageTypes.AgentSessionState;
        }
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] is < (byte)'!' or > (byte)'~')
            {
                throw new ClientMessageException(ClientMessageError.BadMessageType, L.MessageTypeOffset + i,
                    $"MessageType has byte 0x{name[i]:x2}, which is not printable ASCII");
            }
        }
        return Encoding.ASCII.GetString(name);
    }
}

namespace Sekisho.Protocol.DataChannel;

/// <summary>A decoded message: its header and a slice of the frame it was read from (no copy).</summary>
public readonly record struct ClientMessage(ClientMessageHeader Header, ReadOnlyMemory<byte> Payload)
{
    /// <summary>Decodes <paramref name="frame"/>; the payload stays a slice of it.</summary>
    /// <exception cref="ClientMessageException">The frame is malformed.</exception>
    public static ClientMessage Decode(ReadOnlyMemory<byte> frame, bool verifyDigest = true)
    {
        var header = ClientMessageCodec.Decode(frame.Span, out var payload, verifyDigest);
        return new ClientMessage(header, frame.Slice(ClientMessageLayout.PayloadOffset, payload.Length));
    }

    /// <summary>A new array holding the encoded frame (tests and cold paths; hot paths use <see cref="ClientMessageCodec"/>).</summary>
    public byte[] Encode()
    {
        var frame = new byte[ClientMessageCodec.GetFrameLength(Payload.Length)];
        ClientMessageCodec.Encode(frame, Header, Payload.Span);
        return frame;
    }
}

using System.Buffers;
using System.Text;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Protocol.Tests.DataChannel;

public sealed class ClientMessageCodecTests
{
    private static readonly Guid Id = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");

    // Written field by field from the table in shared/docs/session-protocol.md, not from the encoder.
    private static byte[] GoldenInputFrame() => Hex(
        "00000074",                                                          // HeaderLength 116
        "696e7075745f73747265616d5f64617461" + "202020202020202020202020202020", // "input_stream_data" + 15 spaces
        "00000001",                                                          // SchemaVersion
        "0000018c5a2b3c4d",                                                  // CreatedDate
        "0000000000000007",                                                  // SequenceNumber
        "0000000000000000",                                                  // Flags
        "8899aabbccddeeff" + "0011223344556677",                             // MessageId, halves swapped
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",  // SHA-256("abc"), FIPS 180-2
        "00000001",                                                          // PayloadType Output
        "00000003",                                                          // PayloadLength
        "616263");                                                           // "abc"

    private static byte[] GoldenEmptyFrame() => Hex(
        "00000074",
        "73746172745f7075626c69636174696f6e" + "202020202020202020202020202020", // "start_publication"
        "00000001",
        "0000000000000001",
        "0000000000000000",
        "0000000000000003",
        "8899aabbccddeeff" + "0011223344556677",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",  // SHA-256 of nothing
        "00000000",
        "00000000");

    private static readonly ClientMessageHeader InputHeader = new(
        MessageTypes.InputStreamData, 1, 0x0000018c5a2b3c4dUL, 7, MessageFlags.None, Id, PayloadType.Output);

    [Fact]
    public void Golden_frame_is_120_bytes_of_header_then_payload()
    {
        Assert.Equal(123, GoldenInputFrame().Length);
        Assert.Equal(120, GoldenEmptyFrame().Length);
    }

    [Fact]
    public void Encodes_the_golden_frame_exactly()
    {
        var frame = new byte[ClientMessageCodec.GetFrameLength(3)];
        var written = ClientMessageCodec.Encode(frame, InputHeader, "abc"u8);
        Assert.Equal(123, written);
        Assert.Equal(Convert.ToHexString(GoldenInputFrame()), Convert.ToHexString(frame));
    }

    [Fact]
    public void Encodes_the_golden_frame_exactly_from_a_payload_in_several_pipe_segments()
    {
        // The send pump hands the channel a pipe's buffer as it is: "a" and "bc" in two segments here.
        var first = new Segment("a"u8.ToArray());
        var last = first.Append("bc"u8.ToArray());
        var payload = new ReadOnlySequence<byte>(first, 0, last, 2);
        Assert.False(payload.IsSingleSegment);
        var frame = new byte[ClientMessageCodec.GetFrameLength(3)];
        var written = ClientMessageCodec.Encode(frame, InputHeader, payload);
        Assert.Equal(123, written);
        Assert.Equal(Convert.ToHexString(GoldenInputFrame()), Convert.ToHexString(frame));
    }

    [Fact]
    public void Encodes_an_empty_payload_with_the_empty_digest_and_acknowledge_flags()
    {
        var header = new ClientMessageHeader(MessageTypes.StartPublication, 1, 1, 0, MessageFlags.Acknowledge, Id, PayloadType.None);
        var writer = new ArrayBufferWriter<byte>();
        ClientMessageCodec.Write(writer, header, ReadOnlySpan<byte>.Empty);
        Assert.Equal(Convert.ToHexString(GoldenEmptyFrame()), Convert.ToHexString(writer.WrittenSpan));
    }

    [Fact]
    public void Decodes_the_golden_frame()
    {
        var header = ClientMessageCodec.Decode(GoldenInputFrame(), out var payload);
        Assert.Equal(InputHeader, header);
        Assert.Same(MessageTypes.InputStreamData, header.MessageType);
        Assert.Equal("abc", Encoding.ASCII.GetString(payload));
    }

    [Fact]
    public void Message_id_halves_are_swapped_against_the_canonical_uuid_bytes()
    {
        var frame = GoldenInputFrame();
        Assert.Equal(Hex("8899aabbccddeeff0011223344556677"), frame[64..80]);
        var message = ClientMessage.Decode(frame);
        Assert.Equal("00112233-4455-6677-8899-aabbccddeeff", message.Header.MessageId.ToString());
        Assert.Equal(frame, message.Encode());
    }

    [Fact]
    public void Short_frame_is_rejected_with_its_length()
    {
        var e = Assert.Throws<ClientMessageException>(() => ClientMessageCodec.Decode(GoldenInputFrame()[..119], out _));
        Assert.Equal(ClientMessageError.ShortFrame, e.Error);
        Assert.Contains("119 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_header_length_is_rejected()
    {
        var frame = GoldenInputFrame();
        frame[3] = 120;
        var e = Assert.Throws<ClientMessageException>(() => ClientMessageCodec.Decode(frame, out _));
        Assert.Equal(ClientMessageError.WrongHeaderLength, e.Error);
        Assert.Equal(0, e.Offset);
        Assert.Contains("HeaderLength is 120", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Payload_length_disagreeing_with_the_frame_is_rejected()
    {
        var frame = GoldenInputFrame();
        frame[119] = 4;
        var e = Assert.Throws<ClientMessageException>(() => ClientMessageCodec.Decode(frame, out _));
        Assert.Equal(ClientMessageError.LengthMismatch, e.Error);
        Assert.Equal(116, e.Offset);
        Assert.Contains("PayloadLength is 4 but 3 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Digest_mismatch_is_rejected_unless_verification_is_off()
    {
        var frame = GoldenInputFrame();
        frame[^1] = (byte)'d';
        var e = Assert.Throws<ClientMessageException>(() => ClientMessageCodec.Decode(frame, out _));
        Assert.Equal(ClientMessageError.DigestMismatch, e.Error);
        Assert.Equal(80, e.Offset);
        var header = ClientMessageCodec.Decode(frame, out var payload, verifyDigest: false);
        Assert.Equal(7, header.SequenceNumber);
        Assert.Equal("abd", Encoding.ASCII.GetString(payload));
    }

    [Fact]
    public void Message_type_longer_than_32_bytes_is_refused_on_encode()
    {
        var header = InputHeader with { MessageType = new string('x', 33) };
        var e = Assert.Throws<ClientMessageException>(() => ClientMessageCodec.Encode(new byte[200], header, "abc"u8));
        Assert.Equal(ClientMessageError.BadMessageType, e.Error);
    }

    [Fact]
    public void Unknown_message_type_is_decoded_as_text_and_nul_padding_is_accepted()
    {
        var frame = GoldenInputFrame();
        var name = "custom_type"u8;
        frame.AsSpan(4, 32).Clear();
        name.CopyTo(frame.AsSpan(4));
        Assert.Equal("custom_type", ClientMessageCodec.Decode(frame, out _).MessageType);
    }

    [Fact]
    public void Round_trips_random_frames()
    {
        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var payload = new byte[random.Next(0, 3000)];
            random.NextBytes(payload);
            var header = new ClientMessageHeader(MessageTypes.OutputStreamData, 1, (ulong)random.NextInt64(), random.NextInt64(),
                (ulong)random.Next(4), Guid.NewGuid(), (PayloadType)random.Next(13));
            var frame = new ClientMessage(header, payload).Encode();
            var back = ClientMessage.Decode(frame);
            Assert.Equal(header, back.Header);
            Assert.Equal(payload, back.Payload.ToArray());
        }
    }

    internal static byte[] Hex(params string[] parts) => Convert.FromHexString(string.Concat(parts));

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes) => Memory = bytes;

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}

using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using L = Sekisho.Protocol.DataChannel.ClientMessageLayout;

namespace Sekisho.Protocol.DataChannel;

/// <summary>
/// Reading and writing the payloads the data channel defines: the JSON ones (through source-generated metadata),
/// the 4-byte Flag, the ASCII ExitCode and an allocation-free path for acknowledgements, which are the most
/// frequent message of all.
/// </summary>
public static class DataChannelPayloads
{
    /// <summary>Enough for any acknowledgement <see cref="WriteAcknowledge"/> writes.</summary>
    public const int MaxAcknowledgeLength = 192;

    public static byte[] Serialize(AcknowledgeContent value) => SerializeJson(value, DataChannelJsonContext.Default.AcknowledgeContent);
    public static byte[] Serialize(ChannelClosed value) => SerializeJson(value, DataChannelJsonContext.Default.ChannelClosed);
    public static byte[] Serialize(TerminalSize value) => SerializeJson(value, DataChannelJsonContext.Default.TerminalSize);
    public static byte[] Serialize(HandshakeRequestPayload value) => SerializeJson(value, DataChannelJsonContext.Default.HandshakeRequestPayload);
    public static byte[] Serialize(HandshakeResponsePayload value) => SerializeJson(value, DataChannelJsonContext.Default.HandshakeResponsePayload);
    public static byte[] Serialize(HandshakeCompletePayload value) => SerializeJson(value, DataChannelJsonContext.Default.HandshakeCompletePayload);
    public static byte[] Serialize(OpenDataChannelInput value) => SerializeJson(value, DataChannelJsonContext.Default.OpenDataChannelInput);

    /// <summary>The <c>ActionParameters</c> JSON of a SessionType action.</summary>
    public static JsonElement ToJsonElement(SessionTypeRequest value) =>
        JsonSerializer.SerializeToElement(value, DataChannelJsonContext.Default.SessionTypeRequest);

    /// <summary>The <c>ActionParameters</c> (agent) or <c>ActionResult</c> (client) JSON of a SekishoFastMode action.</summary>
    public static JsonElement ToJsonElement(FastModeSettings value) =>
        JsonSerializer.SerializeToElement(value, DataChannelJsonContext.Default.FastModeSettings);

    /// <exception cref="JsonException">The element is not a fast-mode settings object.</exception>
    public static FastModeSettings ReadFastModeSettings(JsonElement element) =>
        element.Deserialize(DataChannelJsonContext.Default.FastModeSettings)
        ?? throw new JsonException("SekishoFastMode settings are null");

    public static AcknowledgeContent ReadAcknowledgeContent(ReadOnlySpan<byte> payload) =>
        DeserializeJson(payload, DataChannelJsonContext.Default.AcknowledgeContent, "acknowledge");

    public static ChannelClosed ReadChannelClosed(ReadOnlySpan<byte> payload) =>
        DeserializeJson(payload, DataChannelJsonContext.Default.ChannelClosed, "channel_closed");

    public static TerminalSize ReadTerminalSize(ReadOnlySpan<byte> payload) =>
        DeserializeJson(payload, DataChannelJsonContext.Default.TerminalSize, "Size");

    public static SessionTypeRequest ReadSessionTypeRequest(JsonElement actionParameters) =>
        actionParameters.Deserialize(DataChannelJsonContext.Default.SessionTypeRequest)
        ?? throw new ClientMessageException(ClientMessageError.BadPayload, L.PayloadOffset, "SessionType action parameters are null");

    public static HandshakeRequestPayload ReadHandshakeRequest(ReadOnlySpan<byte> payload) =>
        DeserializeJson(payload, DataChannelJsonContext.Default.HandshakeRequestPayload, "HandshakeRequest");

    public static HandshakeResponsePayload ReadHandshakeResponse(ReadOnlySpan<byte> payload) =>
        DeserializeJson(payload, DataChannelJsonContext.Default.HandshakeResponsePayload, "HandshakeResponse");

    public static HandshakeCompletePayload ReadHandshakeComplete(ReadOnlySpan<byte> payload) =>
        DeserializeJson(payload, DataChannelJsonContext.Default.HandshakeCompletePayload, "HandshakeComplete");

    public static OpenDataChannelInput ReadOpenDataChannelInput(ReadOnlySpan<byte> text) =>
        DeserializeJson(text, DataChannelJsonContext.Default.OpenDataChannelInput, "the opening text frame");

    /// <summary>Writes the 4-byte big-endian Flag payload.</summary>
    public static void WriteFlag(Span<byte> destination, SessionFlag flag) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)flag);

    public static SessionFlag ReadFlag(ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 4)
        {
            throw new ClientMessageException(ClientMessageError.BadPayload, L.PayloadOffset,
                $"a Flag payload has 4 bytes, this one {payload.Length}");
        }
        return (SessionFlag)BinaryPrimitives.ReadUInt32BigEndian(payload);
    }

    /// <summary>Writes <c>EXIT_CODE: n</c> and returns its length (at most 22 bytes).</summary>
    public static int WriteExitCode(Span<byte> destination, int exitCode)
    {
        "EXIT_CODE: "u8.CopyTo(destination);
        if (!Utf8Formatter.TryFormat(exitCode, destination[11..], out var digits))
        {
            throw new ArgumentException("destination too small for an exit code payload", nameof(destination));
        }
        return 11 + digits;
    }

    public static int ReadExitCode(ReadOnlySpan<byte> payload)
    {
        var prefix = "EXIT_CODE:"u8;
        if (payload.StartsWith(prefix))
        {
            var rest = payload[prefix.Length..].Trim((byte)' ');
            if (Utf8Parser.TryParse(rest, out int code, out var consumed) && consumed == rest.Length)
            {
                return code;
            }
        }
        throw new ClientMessageException(ClientMessageError.BadPayload, L.PayloadOffset,
            "an ExitCode payload reads 'EXIT_CODE: <integer>'");
    }

    /// <summary>
    /// Writes the acknowledgement JSON for a received stream message, field for field as the stock peers do,
    /// without allocating. Returns the length.
    /// </summary>
    public static int WriteAcknowledge(Span<byte> destination, string messageType, Guid messageId, long sequenceNumber)
    {
        var w = new SpanWriter(destination);
        w.Append("{\"AcknowledgedMessageType\":\""u8);
        w.AppendAscii(messageType);
        w.Append("\",\"AcknowledgedMessageId\":\""u8);
        w.Append(messageId);
        w.Append("\",\"AcknowledgedMessageSequenceNumber\":"u8);
        w.Append(sequenceNumber);
        w.Append(",\"IsSequentialMessage\":true}"u8);
        return w.Position;
    }

    /// <summary>The acknowledged sequence number of an <c>acknowledge</c> payload, read without allocating.</summary>
    public static long ReadAcknowledgedSequenceNumber(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw BadAck("is not a JSON object", 0);
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSequence = reader.ValueTextEquals("AcknowledgedMessageSequenceNumber"u8);
                reader.Read();
                if (isSequence)
                {
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var sequence))
                    {
                        throw BadAck("has a non-integer AcknowledgedMessageSequenceNumber", reader.TokenStartIndex);
                    }
                    return sequence;
                }
                reader.Skip();
            }
            throw BadAck("has no AcknowledgedMessageSequenceNumber", reader.TokenStartIndex);
        }
        catch (JsonException e)
        {
            throw new ClientMessageException(ClientMessageError.BadPayload,
                L.PayloadOffset + (int)(e.BytePositionInLine ?? 0), $"acknowledge payload is not valid JSON: {e.Message}");
        }
    }

    private static ClientMessageException BadAck(string what, long index) =>
        new(ClientMessageError.BadPayload, L.PayloadOffset + (int)index, $"acknowledge payload {what}");

    private static byte[] SerializeJson<T>(T value, JsonTypeInfo<T> info) => JsonSerializer.SerializeToUtf8Bytes(value, info);

    private static T DeserializeJson<T>(ReadOnlySpan<byte> payload, JsonTypeInfo<T> info, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(payload, info)
                ?? throw new ClientMessageException(ClientMessageError.BadPayload, L.PayloadOffset, $"{what} payload is null");
        }
        catch (JsonException e)
        {
            throw new ClientMessageException(ClientMessageError.BadPayload,
                L.PayloadOffset + (int)(e.BytePositionInLine ?? 0), $"{what} payload is not valid: {e.Message}");
        }
    }

    private ref struct SpanWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;

        public int Position { get; private set; }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_destination[Position..]);
            Position += bytes.Length;
        }

        public void AppendAscii(string text)
        {
            foreach (var c in text)
            {
                if (c is < ' ' or > '~' or '"' or '\\')
                {
                    throw new ArgumentException($"'{text}' cannot be written unescaped", nameof(text));
                }
                _destination[Position++] = (byte)c;
            }
        }

        public void Append(Guid id)
        {
            id.TryFormat(_destination[Position..], out var written, "D");
            Position += written;
        }

        public void Append(long value)
        {
            Utf8Formatter.TryFormat(value, _destination[Position..], out var written);
            Position += written;
        }
    }
}

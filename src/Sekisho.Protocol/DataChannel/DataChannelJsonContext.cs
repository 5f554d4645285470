using System.Text.Json.Serialization;

namespace Sekisho.Protocol.DataChannel;

// Go's encoding/json matches field names case-insensitively on input, so we read the same way.
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(AcknowledgeContent))]
[JsonSerializable(typeof(ChannelClosed))]
[JsonSerializable(typeof(TerminalSize))]
[JsonSerializable(typeof(SessionTypeRequest))]
[JsonSerializable(typeof(HandshakeRequestPayload))]
[JsonSerializable(typeof(HandshakeResponsePayload))]
[JsonSerializable(typeof(HandshakeCompletePayload))]
[JsonSerializable(typeof(OpenDataChannelInput))]
[JsonSerializable(typeof(FastModeSettings))]
internal sealed partial class DataChannelJsonContext : JsonSerializerContext;

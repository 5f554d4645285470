using System.Text;
using System.Text.Json;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Protocol.Tests.DataChannel;

public sealed class DataChannelPayloadsTests
{
    [Fact]
    public void Acknowledge_is_written_with_the_stock_field_names_and_order()
    {
        var buffer = new byte[DataChannelPayloads.MaxAcknowledgeLength];
        var length = DataChannelPayloads.WriteAcknowledge(buffer, MessageTypes.OutputStreamData,
            Guid.Parse("dd01e56b-ff1e-4a42-9e1d-5cd5b6d4a3c1"), 42);
        Assert.Equal(
            "{\"AcknowledgedMessageType\":\"output_stream_data\",\"AcknowledgedMessageId\":\"dd01e56b-ff1e-4a42-9e1d-5cd5b6d4a3c1\"," +
            "\"AcknowledgedMessageSequenceNumber\":42,\"IsSequentialMessage\":true}",
            Encoding.ASCII.GetString(buffer, 0, length));
        var record = new AcknowledgeContent(MessageTypes.OutputStreamData, "dd01e56b-ff1e-4a42-9e1d-5cd5b6d4a3c1", 42, true);
        Assert.Equal(buffer[..length], DataChannelPayloads.Serialize(record));
        Assert.Equal(record, DataChannelPayloads.ReadAcknowledgeContent(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void Acknowledged_sequence_number_is_read_in_any_field_order()
    {
        var json = "{\"IsSequentialMessage\":true,\"AcknowledgedMessageId\":\"x\",\"Other\":{\"a\":[1,2]},\"AcknowledgedMessageSequenceNumber\":9007199254740993}"u8;
        Assert.Equal(9007199254740993, DataChannelPayloads.ReadAcknowledgedSequenceNumber(json));
        var e = Assert.Throws<ClientMessageException>(() => DataChannelPayloads.ReadAcknowledgedSequenceNumber("{\"a\":1}"u8));
        Assert.Equal(ClientMessageError.BadPayload, e.Error);
        Assert.Throws<ClientMessageException>(() => DataChannelPayloads.ReadAcknowledgedSequenceNumber("{\"AcknowledgedMessageSequenceNumber\":\"1\"}"u8));
        Assert.Throws<ClientMessageException>(() => DataChannelPayloads.ReadAcknowledgedSequenceNumber("not json"u8));
    }

    [Fact]
    public void Flag_is_a_big_endian_uint32()
    {
        var buffer = new byte[4];
        DataChannelPayloads.WriteFlag(buffer, SessionFlag.ConnectToPortError);
        Assert.Equal(new byte[] { 0, 0, 0, 3 }, buffer);
        Assert.Equal(SessionFlag.TerminateSession, DataChannelPayloads.ReadFlag(new byte[] { 0, 0, 0, 2 }));
        Assert.Throws<ClientMessageException>(() => DataChannelPayloads.ReadFlag(new byte[] { 2 }));
    }

    [Fact]
    public void Exit_code_is_ascii_text()
    {
        var buffer = new byte[32];
        var length = DataChannelPayloads.WriteExitCode(buffer, -127);
        Assert.Equal("EXIT_CODE: -127", Encoding.ASCII.GetString(buffer, 0, length));
        Assert.Equal(3, DataChannelPayloads.ReadExitCode("EXIT_CODE: 3"u8));
        Assert.Throws<ClientMessageException>(() => DataChannelPayloads.ReadExitCode("EXIT: 3"u8));
        Assert.Throws<ClientMessageException>(() => DataChannelPayloads.ReadExitCode("EXIT_CODE: 3x"u8));
    }

    [Fact]
    public void Size_uses_lowercase_names()
    {
        Assert.Equal("{\"cols\":120,\"rows\":40}", Encoding.UTF8.GetString(DataChannelPayloads.Serialize(new TerminalSize(120, 40))));
        Assert.Equal(new TerminalSize(80, 24), DataChannelPayloads.ReadTerminalSize("{\"cols\":80,\"rows\":24}"u8));
    }

    [Fact]
    public void Channel_closed_reads_the_service_json()
    {
        var json = "{\"MessageId\":\"m\",\"CreatedDate\":\"2026-01-01T00:00:00.000Z\",\"DestinationId\":\"d\",\"SessionId\":\"s\",\"MessageType\":\"channel_closed\",\"SchemaVersion\":1,\"Output\":\"bye\"}"u8;
        var closed = DataChannelPayloads.ReadChannelClosed(json);
        Assert.Equal("bye", closed.Output);
        Assert.Equal("s", closed.SessionId);
        Assert.Equal(json.ToArray(), DataChannelPayloads.Serialize(closed));
    }

    [Fact]
    public void Handshake_payloads_use_the_stock_field_names()
    {
        var parameters = DataChannelPayloads.ToJsonElement(new SessionTypeRequest(SessionTypes.Port,
            JsonDocument.Parse("{\"portNumber\":\"80\",\"type\":\"LocalPortForwarding\"}").RootElement));
        var request = new HandshakeRequestPayload("3.3.1802.0", [new RequestedClientAction(ActionTypes.SessionType, parameters)]);
        Assert.Equal(
            "{\"AgentVersion\":\"3.3.1802.0\",\"RequestedClientActions\":[{\"ActionType\":\"SessionType\",\"ActionParameters\":" +
            "{\"SessionType\":\"Port\",\"Properties\":{\"portNumber\":\"80\",\"type\":\"LocalPortForwarding\"}}}]}",
            Encoding.UTF8.GetString(DataChannelPayloads.Serialize(request)));

        var response = new HandshakeResponsePayload("1.2.707.0", [new ProcessedClientAction(ActionTypes.SessionType, ActionStatus.Success, null, "")], []);
        Assert.Equal(
            "{\"ClientVersion\":\"1.2.707.0\",\"ProcessedClientActions\":[{\"ActionType\":\"SessionType\",\"ActionStatus\":1,\"ActionResult\":null,\"Error\":\"\"}],\"Errors\":[]}",
            Encoding.UTF8.GetString(DataChannelPayloads.Serialize(response)));

        Assert.Equal("{\"HandshakeTimeToComplete\":1500000,\"CustomerMessage\":\"\"}",
            Encoding.UTF8.GetString(DataChannelPayloads.Serialize(new HandshakeCompletePayload(1_500_000, ""))));
    }

    [Fact]
    public void Go_style_null_errors_and_lowercase_names_are_read()
    {
        var response = DataChannelPayloads.ReadHandshakeResponse(
            "{\"clientversion\":\"1.2.707.0\",\"ProcessedClientActions\":[{\"ActionType\":\"SessionType\",\"ActionStatus\":1,\"ActionResult\":null,\"Error\":\"\"}],\"Errors\":null}"u8);
        Assert.Equal("1.2.707.0", response.ClientVersion);
        Assert.Null(response.Errors);
        Assert.Equal(ActionStatus.Success, response.ProcessedClientActions[0].ActionStatus);
        var e = Assert.Throws<ClientMessageException>(() => DataChannelPayloads.ReadHandshakeComplete("{\"HandshakeTimeToComplete\":\"x\"}"u8));
        Assert.Equal(ClientMessageError.BadPayload, e.Error);
    }

    [Fact]
    public void Opening_text_frame_has_the_plugin_fields()
    {
        var input = new OpenDataChannelInput("1.0", "r", "t", "c", "1.2.707.0");
        Assert.Equal("{\"MessageSchemaVersion\":\"1.0\",\"RequestId\":\"r\",\"TokenValue\":\"t\",\"ClientId\":\"c\",\"ClientVersion\":\"1.2.707.0\"}",
            Encoding.UTF8.GetString(DataChannelPayloads.Serialize(input)));
        Assert.Equal(input, DataChannelPayloads.ReadOpenDataChannelInput(DataChannelPayloads.Serialize(input)));
    }
}

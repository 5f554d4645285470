using System.Text;
using System.Text.Json;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Protocol.Tests.DataChannel;

/// <summary>
/// The SekishoFastMode handshake action: Sekisho's agent offers it, Sekisho's client accepts it, a stock plugin's
/// answer (an unknown action: no status, ActionResult 3) and a client with fast mode off keep the stock format, and an
/// agent that offers nothing is never switched.
/// </summary>
public sealed class FastModeNegotiationTests
{
    private static readonly FastModeSettings Offer = FastModeSettings.Default;

    [Fact]
    public void Sekisho_client_and_Sekisho_agent_agree_on_the_smaller_values()
    {
        var agent = new AgentHandshake(SessionTypes.Port, null, fastModeOffer: Offer);
        var client = new ClientHandshake(fastMode: Offer with { MaxPayload = 64 * 1024, WindowBytes = 4 * 1024 * 1024 });
        var request = agent.CreateRequest();
        var response = client.HandleRequest(request);
        agent.AcceptResponse(response);

        Assert.NotNull(agent.FastMode);
        Assert.Equal(agent.FastMode, client.FastMode);
        Assert.Equal(64 * 1024, agent.FastMode!.MaxPayload);
        Assert.Equal(4 * 1024 * 1024, agent.FastMode.WindowBytes);
        var answer = DataChannelPayloads.ReadHandshakeResponse(response).ProcessedClientActions.Single(a => a.ActionType == ActionTypes.SekishoFastMode);
        Assert.Equal(ActionStatus.Success, answer.ActionStatus);
    }

    [Fact]
    public void Payload_digests_stay_on_when_either_end_wants_them_or_the_offer_does_not_say()
    {
        Assert.False(FastModeSettings.Agree(Offer, Offer).PayloadDigests);
        Assert.True(FastModeSettings.Agree(Offer, Offer with { SkipPayloadDigests = false }).PayloadDigests);
        Assert.True(FastModeSettings.Agree(Offer with { SkipPayloadDigests = false }, Offer).PayloadDigests);
        using var old = JsonDocument.Parse("""{"Version":1,"MaxPayload":65536,"WindowBytes":4194304}""");
        Assert.True(DataChannelPayloads.ReadFastModeSettings(old.RootElement).PayloadDigests);
    }

    [Fact]
    public void Without_payload_digests_frames_carry_a_zero_digest_that_only_a_non_verifying_decode_accepts()
    {
        var frame = new byte[ClientMessageCodec.GetFrameLength(3)];
        var header = new ClientMessageHeader(MessageTypes.OutputStreamData, 1, 0, 7, MessageFlags.None, Guid.NewGuid(), PayloadType.Output);
        ClientMessageCodec.Encode(frame, header, "abc"u8, writeDigest: false);
        Assert.All(frame.AsSpan(ClientMessageLayout.PayloadDigestOffset, ClientMessageLayout.PayloadDigestLength).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(7, ClientMessageCodec.Decode(frame, out var payload, verifyDigest: false).SequenceNumber);
        Assert.Equal("abc"u8.ToArray(), payload.ToArray());
        Assert.Throws<ClientMessageException>(() => ClientMessageCodec.Decode(frame, out _));
    }

    [Fact]
    public void A_client_with_fast_mode_off_answers_unsupported_and_the_agent_stays_stock()
    {
        var agent = new AgentHandshake(SessionTypes.Port, null, fastModeOffer: Offer);
        var client = new ClientHandshake(fastMode: null);
        var response = client.HandleRequest(agent.CreateRequest());
        agent.AcceptResponse(response);

        Assert.Null(agent.FastMode);
        Assert.Null(client.FastMode);
        var answer = DataChannelPayloads.ReadHandshakeResponse(response).ProcessedClientActions.Single(a => a.ActionType == ActionTypes.SekishoFastMode);
        Assert.Equal(ActionStatus.Unsupported, answer.ActionStatus);
        Assert.Equal(HandshakeState.Complete, agent.State); // the session itself goes on
    }

    [Fact]
    public void The_stock_plugins_answer_to_an_unknown_action_keeps_the_stock_format()
    {
        // The stock plugin's default branch sets ActionType, ActionResult = Unsupported (3) and Error, and leaves
        // ActionStatus at its zero value; encoding/json writes every field.
        var agent = new AgentHandshake(SessionTypes.Port, null, fastModeOffer: Offer);
        agent.CreateRequest();
        var stockResponse = Encoding.UTF8.GetBytes("""
            {"ClientVersion":"1.2.707.0","ProcessedClientActions":[
              {"ActionType":"SessionType","ActionStatus":1,"ActionResult":null,"Error":""},
              {"ActionType":"SekishoFastMode","ActionStatus":0,"ActionResult":3,"Error":"Unsupported action SekishoFastMode"}],
             "Errors":["Unsupported action SekishoFastMode"]}
            """);
        agent.AcceptResponse(stockResponse);
        Assert.Equal(HandshakeState.Complete, agent.State);
        Assert.Null(agent.FastMode);
    }

    [Fact]
    public void An_agent_that_does_not_offer_leaves_a_Sekisho_client_stock()
    {
        var agent = new AgentHandshake(SessionTypes.Port, null);
        var client = new ClientHandshake(fastMode: Offer);
        var request = agent.CreateRequest();
        using (var json = JsonDocument.Parse(request))
        {
            Assert.Single(json.RootElement.GetProperty("RequestedClientActions").EnumerateArray());
        }
        agent.AcceptResponse(client.HandleRequest(request));
        Assert.Null(agent.FastMode);
        Assert.Null(client.FastMode);
    }

    [Fact]
    public void A_malformed_offer_is_answered_as_failed_and_leaves_both_stock()
    {
        var client = new ClientHandshake(fastMode: Offer);
        var request = Encoding.UTF8.GetBytes("""
            {"AgentVersion":"3.3.1802.0","RequestedClientActions":[
              {"ActionType":"SessionType","ActionParameters":{"SessionType":"Port","Properties":null}},
              {"ActionType":"SekishoFastMode","ActionParameters":{"Version":1,"MaxPayload":10,"WindowBytes":20}}]}
            """);
        var response = DataChannelPayloads.ReadHandshakeResponse(client.HandleRequest(request));
        var answer = response.ProcessedClientActions.Single(a => a.ActionType == ActionTypes.SekishoFastMode);
        Assert.Equal(ActionStatus.Failed, answer.ActionStatus);
        Assert.Contains("max payload", answer.Error, StringComparison.Ordinal);
        Assert.Null(client.FastMode);
    }

    [Fact]
    public void Over_two_channels_the_negotiated_ends_switch_and_move_large_payloads_with_cumulative_acks()
    {
        var agentHandshake = new AgentHandshake(SessionTypes.Port, null, fastModeOffer: Offer);
        var clientHandshake = new ClientHandshake(fastMode: Offer);
        var agentEnd = new End();
        var clientEnd = new End();
        using var agent = new ReliableChannel(ReliableChannelOptions.Agent, agentEnd);
        using var client = new ReliableChannel(ReliableChannelOptions.Client, clientEnd);
        agentEnd.OnData = (type, payload) =>
        {
            if (type == PayloadType.HandshakeResponse)
            {
                agent.TrySend(PayloadType.HandshakeComplete, agentHandshake.AcceptResponse(payload));
                if (agentHandshake.FastMode is { } fast) agent.EnableFastMode(fast);
            }
        };
        clientEnd.OnData = (type, payload) =>
        {
            if (type == PayloadType.HandshakeRequest)
            {
                client.TrySend(PayloadType.HandshakeResponse, clientHandshake.HandleRequest(payload));
            }
            else if (type == PayloadType.HandshakeComplete)
            {
                clientHandshake.HandleComplete(payload);
                if (clientHandshake.FastMode is { } fast) client.EnableFastMode(fast);
            }
        };
        var toClient = new Wire();
        var toAgent = new Wire();
        agent.Attach(toClient);
        client.Attach(toAgent);
        agent.TrySend(PayloadType.HandshakeRequest, agentHandshake.CreateRequest());
        Pump(toClient, toAgent, client, agent);
        Assert.NotNull(agent.FastMode);
        Assert.NotNull(client.FastMode);

        var data = new byte[4 * 1024 * 1024];
        new Random(5).NextBytes(data);
        toClient.Types.Clear();
        toAgent.Types.Clear();
        for (var offset = 0; offset < data.Length; offset += Offer.MaxPayload)
        {
            Assert.True(agent.TrySend(PayloadType.Output, data.AsSpan(offset, Offer.MaxPayload)));
        }
        Pump(toClient, toAgent, client, agent);
        client.Tick(); // the tail of the batch is acknowledged on the next tick
        Pump(toClient, toAgent, client, agent);

        Assert.Equal(data, clientEnd.Output.ToArray());
        Assert.Equal(0, agent.UnacknowledgedCount);
        Assert.Equal(16, toClient.Types.Count(t => t == MessageTypes.OutputStreamData));
        Assert.DoesNotContain(MessageTypes.Acknowledge, toAgent.Types);
        Assert.InRange(toAgent.Types.Count(t => t == MessageTypes.FastAcknowledge), 1, 5);
    }

    private static void Pump(Wire toClient, Wire toAgent, ReliableChannel client, ReliableChannel agent)
    {
        while (toClient.Frames.Count + toAgent.Frames.Count > 0)
        {
            while (toClient.Frames.TryDequeue(out var f)) client.Receive(f);
            while (toAgent.Frames.TryDequeue(out var f)) agent.Receive(f);
        }
    }

    private sealed class End : IReliableChannelHandler
    {
        public Action<PayloadType, byte[]>? OnData { get; set; }
        public MemoryStream Output { get; } = new();

        public bool OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
        {
            if (header.PayloadType == PayloadType.Output) Output.Write(payload);
            else OnData?.Invoke(header.PayloadType, payload.ToArray());
            return true;
        }

        public void OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
        {
        }
    }

    private sealed class Wire : IFrameSink
    {
        public Queue<byte[]> Frames { get; } = new();
        public List<string> Types { get; } = [];

        public void SendFrame(ReadOnlySpan<byte> frame)
        {
            Types.Add(ClientMessageCodec.Decode(frame, out _, verifyDigest: false).MessageType);
            Frames.Enqueue(frame.ToArray());
        }
    }
}

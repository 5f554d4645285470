using System.Text;
using System.Text.Json;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Protocol.Tests.DataChannel;

public sealed class HandshakeTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Theory]
    [InlineData(SessionTypes.Port, SessionTypes.Port)]
    [InlineData(SessionTypes.NonInteractiveCommands, SessionTypes.StandardStream)]
    [InlineData(SessionTypes.InteractiveCommands, SessionTypes.StandardStream)]
    [InlineData(SessionTypes.StandardStream, SessionTypes.StandardStream)]
    public void Agent_and_client_complete_a_handshake(string requested, string clientRuns)
    {
        var time = new ManualTimeProvider();
        var agent = new AgentHandshake(requested, Json("{\"portNumber\":\"80\",\"type\":\"LocalPortForwarding\"}"), time);
        var client = new ClientHandshake();
        var request = agent.CreateRequest();
        Assert.Equal(HandshakeState.InProgress, agent.State);
        Assert.False(agent.ShouldDeliver(PayloadType.Output));
        Assert.True(agent.ShouldDeliver(PayloadType.HandshakeResponse));

        var response = client.HandleRequest(request);
        Assert.Equal(clientRuns, client.SessionType);
        Assert.Equal(requested, client.RequestedSessionType);
        Assert.Equal("80", client.Properties!.Value.GetProperty("portNumber").GetString());
        Assert.True(client.UsesMultiplexing);
        Assert.True(client.SmuxKeepAliveDisabled);
        Assert.False(client.ObserveData(PayloadType.Output));

        time.Advance(TimeSpan.FromMilliseconds(3));
        var complete = agent.AcceptResponse(response);
        Assert.Equal(HandshakeState.Complete, agent.State);
        Assert.Equal(DataChannelVersions.Client, agent.ClientVersion);
        Assert.True(agent.ClientDisablesSmuxKeepAlive);
        Assert.True(agent.ShouldDeliver(PayloadType.Output));
        Assert.Equal(3_000_000, DataChannelPayloads.ReadHandshakeComplete(complete).HandshakeTimeToComplete);

        client.HandleComplete(complete);
        Assert.Equal(HandshakeState.Complete, client.State);
        Assert.Equal("", client.CustomerMessage);
        Assert.True(client.ObserveData(PayloadType.Output));
    }

    [Fact]
    public void Client_answers_unknown_session_types_and_kms_as_failed_and_other_actions_as_unsupported()
    {
        var request = Encoding.UTF8.GetBytes(
            "{\"AgentVersion\":\"3.3.40.0\",\"RequestedClientActions\":[" +
            "{\"ActionType\":\"SessionType\",\"ActionParameters\":{\"SessionType\":\"Teleport\",\"Properties\":null}}," +
            "{\"ActionType\":\"KMSEncryption\",\"ActionParameters\":{\"KMSKeyId\":\"k\"}}," +
            "{\"ActionType\":\"Telepathy\",\"ActionParameters\":{}}]}");
        var client = new ClientHandshake();
        var response = DataChannelPayloads.ReadHandshakeResponse(client.HandleRequest(request));
        Assert.Equal([ActionStatus.Failed, ActionStatus.Failed, ActionStatus.Unsupported],
            response.ProcessedClientActions.Select(a => a.ActionStatus));
        Assert.Contains("Unknown session type Teleport", response.Errors![0], StringComparison.Ordinal);
        Assert.Equal(3, response.Errors.Count);
        Assert.Null(client.SessionType);

        var agent = new AgentHandshake("Teleport", null);
        agent.CreateRequest();
        var e = Assert.Throws<HandshakeException>(() => agent.AcceptResponse(DataChannelPayloads.Serialize(response)));
        Assert.Contains("refused session type Teleport", e.Message, StringComparison.Ordinal);
        Assert.NotEqual(HandshakeState.Complete, agent.State);
    }

    [Fact]
    public void A_plain_shell_is_recognised_from_its_first_output()
    {
        var client = new ClientHandshake();
        Assert.True(client.ObserveData(PayloadType.Output));
        Assert.Equal(HandshakeState.Skipped, client.State);
        Assert.Equal(SessionTypes.StandardStream, client.SessionType);
        Assert.Throws<HandshakeException>(() => client.HandleRequest("{}"u8));
    }

    [Fact]
    public void Out_of_turn_messages_are_refused()
    {
        var agent = new AgentHandshake(SessionTypes.Port, null);
        Assert.Throws<HandshakeException>(() => agent.AcceptResponse("{}"u8));
        agent.CreateRequest();
        Assert.Throws<HandshakeException>(() => agent.CreateRequest());
        Assert.Throws<HandshakeException>(() => new ClientHandshake().HandleComplete("{}"u8));
    }

    [Fact]
    public void Stock_agent_needs_a_handshake_for_port_and_non_interactive_commands_only()
    {
        Assert.True(AgentHandshake.IsRequired(SessionTypes.Port));
        Assert.True(AgentHandshake.IsRequired(SessionTypes.NonInteractiveCommands));
        Assert.False(AgentHandshake.IsRequired(SessionTypes.StandardStream));
        Assert.False(AgentHandshake.IsRequired(SessionTypes.InteractiveCommands));
    }

    [Theory]
    [InlineData("3.1.1511.1", "3.1.1511.0", true)]
    [InlineData("3.1.1511.0", "3.1.1511.0", false)]
    [InlineData("3.10.0.0", "3.9.9999.0", true)]
    [InlineData("2.9.9999.9", "3.1.1511.0", false)]
    [InlineData("3.2", "3.1.1511.0", false)]
    [InlineData("3.x.0.0", "3.1.1511.0", false)]
    [InlineData("", "3.1.1511.0", false)]
    public void Versions_compare_as_the_stock_plugin_compares_them(string version, string than, bool greater) =>
        Assert.Equal(greater, DataChannelVersions.IsGreaterThan(version, than));

    [Fact]
    public void Reported_versions_are_above_the_stock_thresholds()
    {
        Assert.True(DataChannelVersions.IsGreaterThan(DataChannelVersions.Agent, "3.1.1511.0"));
        Assert.True(DataChannelVersions.IsGreaterThan(DataChannelVersions.Client, "1.2.331.0"));
    }
}

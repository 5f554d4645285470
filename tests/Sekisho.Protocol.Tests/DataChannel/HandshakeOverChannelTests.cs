using System.Text;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Protocol.Tests.DataChannel;

public sealed class HandshakeOverChannelTests
{
    /// <summary>An agent end that runs the handshake the way the stock agent does for a port session.</summary>
    private sealed class AgentEnd(AgentHandshake handshake) : IReliableChannelHandler
    {
        public ReliableChannel? Channel { get; set; }
        public StringBuilder Received { get; } = new();

        public bool OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
        {
            if (!handshake.ShouldDeliver(header.PayloadType))
            {
                return true; // acknowledged and dropped
            }
            if (header.PayloadType == PayloadType.HandshakeResponse)
            {
                Channel!.TrySend(PayloadType.HandshakeComplete, handshake.AcceptResponse(payload));
                return true;
            }
            Received.Append(Encoding.ASCII.GetString(payload));
            return true;
        }

        public void OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
        {
        }
    }

    private sealed class ClientEnd(ClientHandshake handshake) : IReliableChannelHandler
    {
        public ReliableChannel? Channel { get; set; }

        public bool OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
        {
            switch (header.PayloadType)
            {
                case PayloadType.HandshakeRequest:
                    Channel!.TrySend(PayloadType.HandshakeResponse, handshake.HandleRequest(payload));
                    break;
                case PayloadType.HandshakeComplete:
                    handshake.HandleComplete(payload);
                    break;
                default:
                    handshake.ObserveData(header.PayloadType);
                    break;
            }
            return true;
        }

        public void OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
        {
        }
    }

    /// <summary>Delivers frames synchronously but only when pumped, so the test controls the interleaving.</summary>
    private sealed class Wire : IFrameSink
    {
        public Queue<byte[]> Frames { get; } = new();
        public void SendFrame(ReadOnlySpan<byte> frame) => Frames.Enqueue(frame.ToArray());
    }

    [Fact]
    public void Client_data_before_handshake_complete_is_acknowledged_and_dropped()
    {
        var agentHandshake = new AgentHandshake(SessionTypes.Port, null);
        var clientHandshake = new ClientHandshake();
        var agentEnd = new AgentEnd(agentHandshake);
        var clientEnd = new ClientEnd(clientHandshake);
        using var agent = new ReliableChannel(ReliableChannelOptions.Agent, agentEnd);
        using var client = new ReliableChannel(ReliableChannelOptions.Client, clientEnd);
        agentEnd.Channel = agent;
        clientEnd.Channel = client;
        var toClient = new Wire();
        var toAgent = new Wire();
        agent.Attach(toClient);
        client.Attach(toAgent);

        void Pump()
        {
            while (toClient.Frames.Count + toAgent.Frames.Count > 0)
            {
                while (toClient.Frames.TryDequeue(out var f))
                {
                    client.Receive(f);
                }
                while (toAgent.Frames.TryDequeue(out var f))
                {
                    agent.Receive(f);
                }
            }
        }

        client.TrySend(PayloadType.Output, "early"u8);
        agent.TrySend(PayloadType.HandshakeRequest, agentHandshake.CreateRequest());
        Pump();
        Assert.Equal(HandshakeState.Complete, agentHandshake.State);
        Assert.Equal(HandshakeState.Complete, clientHandshake.State);
        Assert.Equal(SessionTypes.Port, clientHandshake.SessionType);

        client.TrySend(PayloadType.Output, "late"u8);
        Pump();
        Assert.Equal("late", agentEnd.Received.ToString());
        Assert.Equal(0, client.UnacknowledgedCount);
        Assert.Equal(0, agent.UnacknowledgedCount);
        Assert.Equal(3, agent.ExpectedSequenceNumber); // early, the response and late were all consumed
    }
}

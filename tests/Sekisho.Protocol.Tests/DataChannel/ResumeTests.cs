using System.Security.Cryptography;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Protocol.Tests.DataChannel;

public sealed class ResumeTests
{
    private sealed class Wire : IFrameSink
    {
        public Queue<byte[]> Frames { get; } = new();
        public int Count { get; private set; }

        public void SendFrame(ReadOnlySpan<byte> frame)
        {
            Frames.Enqueue(frame.ToArray());
            Count++;
        }
    }

    private sealed class Receiver : IReliableChannelHandler
    {
        public IncrementalHash Hash { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        public long Bytes { get; private set; }

        public bool OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
        {
            Hash.AppendData(payload);
            Bytes += payload.Length;
            return true;
        }

        public void OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
        {
        }
    }

    [Fact]
    public void Cutting_the_client_connection_in_the_middle_of_a_large_output_loses_and_repeats_nothing()
    {
        const int Messages = 4096;
        var output = RandomNumberGenerator.GetBytes(Messages * ClientMessageLayout.StockMaxPayload);
        var clientReceiver = new Receiver();
        using var agent = new ReliableChannel(ReliableChannelOptions.Agent, new Receiver());
        using var client = new ReliableChannel(ReliableChannelOptions.Client, clientReceiver);
        var toClient = new Wire();
        var toAgent = new Wire();
        agent.Attach(toClient);
        client.Attach(toAgent);
        for (var i = 0; i < Messages; i++)
        {
            Assert.True(agent.TrySend(PayloadType.Output, output.AsSpan(i * 1024, 1024)));
        }

        // Half the output arrives, and some of the client's acks; then the connection breaks with the rest in flight.
        for (var i = 0; i < Messages / 2; i++)
        {
            client.Receive(toClient.Frames.Dequeue());
        }
        for (var i = 0; i < Messages / 4; i++)
        {
            agent.Receive(toAgent.Frames.Dequeue());
        }
        Assert.Equal(Messages / 2, client.ExpectedSequenceNumber);
        Assert.Equal(Messages * 3 / 4, agent.UnacknowledgedCount);
        client.Detach();
        agent.Detach();

        // ResumeSession: a new connection; both ends resend what is unacknowledged.
        var newToClient = new Wire();
        var newToAgent = new Wire();
        client.Attach(newToAgent);
        agent.Attach(newToClient);
        Assert.Equal(Messages * 3 / 4, newToClient.Count);
        while (newToClient.Frames.Count + newToAgent.Frames.Count > 0)
        {
            while (newToClient.Frames.TryDequeue(out var frame))
            {
                client.Receive(frame);
            }
            while (newToAgent.Frames.TryDequeue(out var frame))
            {
                agent.Receive(frame);
            }
        }

        Assert.Equal(output.Length, clientReceiver.Bytes);
        Assert.Equal(SHA256.HashData(output), clientReceiver.Hash.GetCurrentHash());
        Assert.Equal(Messages, client.ExpectedSequenceNumber);
        Assert.Equal(0, agent.UnacknowledgedCount);
        Assert.Equal(Messages, agent.NextSequenceNumber);
    }
}

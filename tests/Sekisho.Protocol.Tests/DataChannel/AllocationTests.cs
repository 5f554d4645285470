using Sekisho.Protocol.DataChannel;

namespace Sekisho.Protocol.Tests.DataChannel;

public sealed class AllocationTests
{
    private sealed class NullPeer : IFrameSink, IReliableChannelHandler
    {
        public long Bytes { get; private set; }
        public void SendFrame(ReadOnlySpan<byte> frame) => Bytes += frame.Length;
        public bool OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
        {
            Bytes += payload.Length;
            return true;
        }

        public void OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
        {
        }
    }

    [Fact]
    public void Encoding_and_decoding_known_message_types_does_not_allocate()
    {
        var payload = new byte[1024];
        var frame = new byte[ClientMessageCodec.GetFrameLength(payload.Length)];
        var header = new ClientMessageHeader(MessageTypes.OutputStreamData, 1, 1, 0, 0, Guid.NewGuid(), PayloadType.Output);
        var ack = new byte[DataChannelPayloads.MaxAcknowledgeLength];
        void Run()
        {
            for (var i = 0; i < 1000; i++)
            {
                ClientMessageCodec.Encode(frame, header with { SequenceNumber = i }, payload);
                var back = ClientMessageCodec.Decode(frame, out var body);
                var length = DataChannelPayloads.WriteAcknowledge(ack, back.MessageType, back.MessageId, back.SequenceNumber);
                if (DataChannelPayloads.ReadAcknowledgedSequenceNumber(ack.AsSpan(0, length)) != i || body.Length != payload.Length)
                {
                    throw new InvalidOperationException("round trip failed");
                }
            }
        }
        Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Receiving_and_acknowledging_in_order_stream_data_does_not_allocate()
    {
        var sender = new NullPeer();
        var receiver = new NullPeer();
        using var from = new ReliableChannel(ReliableChannelOptions.Agent, sender);
        using var to = new ReliableChannel(ReliableChannelOptions.Client, receiver);
        to.Attach(receiver);
        var frames = new byte[2000][];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = new ClientMessage(new ClientMessageHeader(MessageTypes.OutputStreamData, 1, 1, i, 0, Guid.NewGuid(), PayloadType.Output),
                new byte[1024]).Encode();
        }
        for (var i = 0; i < 1000; i++)
        {
            to.Receive(frames[i]);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1000; i < 2000; i++)
        {
            to.Receive(frames[i]);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2000, to.ExpectedSequenceNumber);
    }
}

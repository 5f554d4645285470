using Sekisho.Protocol.DataChannel;

namespace Sekisho.Protocol.Tests.DataChannel;

public sealed class DecoderFuzzTests
{
    [Fact]
    public void Mutated_and_truncated_frames_fail_only_with_a_ClientMessageException()
    {
        var random = new Random(42);
        var valid = new ClientMessage(new ClientMessageHeader(MessageTypes.OutputStreamData, 1, 1, 3, 0, Guid.NewGuid(), PayloadType.Output),
            "{\"AcknowledgedMessageSequenceNumber\":3}"u8.ToArray()).Encode();
        var failures = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var frame = valid[..random.Next(0, valid.Length + 1)];
            for (var m = random.Next(0, 4); m > 0 && frame.Length > 0; m--)
            {
                frame[random.Next(frame.Length)] = (byte)random.Next(256);
            }
            try
            {
                var header = ClientMessageCodec.Decode(frame, out var payload);
                Assert.Equal(frame.Length - ClientMessageLayout.HeaderSize, payload.Length);
                Assert.NotNull(header.MessageType);
                _ = DataChannelPayloads.ReadAcknowledgedSequenceNumber(payload);
            }
            catch (ClientMessageException e)
            {
                Assert.InRange(e.Offset, 0, Math.Max(frame.Length, ClientMessageLayout.HeaderSize));
                failures++;
            }
        }
        Assert.InRange(failures, 1, 19_999);
    }

    [Fact]
    public void A_reliable_channel_fed_garbage_keeps_its_state()
    {
        var peer = new RecordingPeer();
        using var channel = new ReliableChannel(ReliableChannelOptions.Client, peer);
        channel.Attach(peer);
        var random = new Random(9);
        for (var i = 0; i < 5_000; i++)
        {
            var garbage = new byte[random.Next(0, 300)];
            random.NextBytes(garbage);
            if (garbage.Length >= 4)
            {
                garbage[0] = 0;
                garbage[1] = 0;
                garbage[2] = 0;
                garbage[3] = 116;
            }
            Assert.Throws<ClientMessageException>(() => channel.Receive(garbage));
        }
        Assert.Equal(0, channel.ExpectedSequenceNumber);
        Assert.Empty(peer.Sent);
        Assert.Empty(peer.Delivered);
    }
}

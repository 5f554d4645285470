using System.Text;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Protocol.Tests.DataChannel;

public sealed class ReliableChannelTests
{
    private readonly ManualTimeProvider _time = new();

    private static byte[] Frame(string type, long sequence, string text, Guid? id = null) =>
        new ClientMessage(new ClientMessageHeader(type, 1, 1, sequence, MessageFlags.None, id ?? Guid.NewGuid(), PayloadType.Output),
            Encoding.ASCII.GetBytes(text)).Encode();

    private static byte[] Ack(long sequence)
    {
        var payload = new byte[DataChannelPayloads.MaxAcknowledgeLength];
        var length = DataChannelPayloads.WriteAcknowledge(payload, MessageTypes.InputStreamData, Guid.NewGuid(), sequence);
        return new ClientMessage(new ClientMessageHeader(MessageTypes.Acknowledge, 1, 1, 0, MessageFlags.Acknowledge, Guid.NewGuid(), PayloadType.None),
            payload.AsMemory(0, length)).Encode();
    }

    private (ReliableChannel Channel, RecordingPeer Peer) Create(ReliableChannelOptions? options = null)
    {
        var peer = new RecordingPeer();
        var channel = new ReliableChannel(options ?? ReliableChannelOptions.Client, peer, _time);
        channel.Attach(peer);
        return (channel, peer);
    }

    [Fact]
    public void Sends_stream_data_with_sequence_numbers_from_zero()
    {
        var (channel, peer) = Create();
        Assert.True(channel.TrySend(PayloadType.Output, "a"u8));
        Assert.True(channel.TrySend(PayloadType.Size, "b"u8));
        var sent = peer.SentMessages();
        Assert.Equal([0L, 1L], sent.Select(m => m.Header.SequenceNumber));
        Assert.All(sent, m => Assert.Same(MessageTypes.InputStreamData, m.Header.MessageType));
        Assert.Equal(PayloadType.Size, sent[1].Header.PayloadType);
        Assert.Equal((ulong)_time.GetUtcNow().ToUnixTimeMilliseconds(), sent[0].Header.CreatedDate);
        Assert.Equal(2, channel.UnacknowledgedCount);
    }

    [Fact]
    public void Acknowledgements_remove_messages_in_any_order()
    {
        var (channel, _) = Create();
        for (var i = 0; i < 3; i++)
        {
            channel.TrySend(PayloadType.Output, "x"u8);
        }
        channel.Receive(Ack(1));
        Assert.Equal(2, channel.UnacknowledgedCount);
        channel.Receive(Ack(1));
        channel.Receive(Ack(7));
        Assert.Equal(2, channel.UnacknowledgedCount);
        channel.Receive(Ack(0));
        channel.Receive(Ack(2));
        Assert.Equal(0, channel.UnacknowledgedCount);
    }

    [Fact]
    public void Resends_the_oldest_unacknowledged_message_after_the_timeout_checking_every_tick()
    {
        var (channel, peer) = Create();
        channel.TrySend(PayloadType.Output, "0"u8);
        _time.Advance(TimeSpan.FromMilliseconds(150));
        channel.TrySend(PayloadType.Output, "1"u8);
        peer.Sent.Clear();
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(0, channel.Tick());
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, channel.Tick());
        Assert.Equal([0L], peer.SentData());
        channel.Receive(Ack(0));
        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(0, channel.Tick());
        _time.Advance(TimeSpan.FromMilliseconds(51));
        Assert.Equal(1, channel.Tick());
        Assert.Equal([0L, 1L], peer.SentData());
    }

    [Fact]
    public void Timeout_follows_round_trip_samples_and_is_capped()
    {
        var (channel, _) = Create();
        Assert.Equal(TimeSpan.FromMilliseconds(200), channel.RetransmissionTimeout);
        channel.TrySend(PayloadType.Output, "0"u8);
        _time.Advance(TimeSpan.FromMilliseconds(20));
        channel.Receive(Ack(0));
        // srtt = 7/8*100 + 1/8*20 = 90; rttvar = 1/4*|100-20| = 20; rto = 90 + 4*20 = 170 ms
        Assert.Equal(TimeSpan.FromMilliseconds(170), channel.RetransmissionTimeout);
        for (var i = 1; i < 40; i++)
        {
            channel.TrySend(PayloadType.Output, "x"u8);
            _time.Advance(TimeSpan.FromSeconds(30));
            Assert.Equal(1, channel.Tick());
            channel.Receive(Ack(i));
        }
        Assert.Equal(TimeSpan.FromMilliseconds(170), channel.RetransmissionTimeout); // resent messages give no samples
        channel.TrySend(PayloadType.Output, "y"u8);
        _time.Advance(TimeSpan.FromSeconds(5));
        channel.Receive(Ack(40));
        Assert.Equal(TimeSpan.FromSeconds(1), channel.RetransmissionTimeout);
    }

    [Fact]
    public void Delivers_in_order_buffers_early_messages_and_acks_each()
    {
        var (channel, peer) = Create(ReliableChannelOptions.Agent);
        channel.Receive(Frame(MessageTypes.InputStreamData, 2, "c"));
        channel.Receive(Frame(MessageTypes.InputStreamData, 1, "b"));
        Assert.Empty(peer.Delivered);
        Assert.Equal(2, channel.BufferedEarlyCount);
        channel.Receive(Frame(MessageTypes.InputStreamData, 0, "a"));
        Assert.Equal("abc", string.Concat(peer.Delivered.Select(d => Encoding.ASCII.GetString(d.Payload))));
        Assert.Equal([2L, 1L, 0L], peer.SentAcks());
        Assert.Equal(3, channel.ExpectedSequenceNumber);
        Assert.Equal(0, channel.BufferedEarlyCount);
    }

    [Fact]
    public void Ack_names_the_acknowledged_message_type_id_and_sequence()
    {
        var (channel, peer) = Create();
        var id = Guid.NewGuid();
        channel.Receive(Frame(MessageTypes.OutputStreamData, 0, "a", id));
        var ack = Assert.Single(peer.SentMessages());
        Assert.Equal(MessageFlags.Acknowledge, ack.Header.Flags);
        Assert.Equal(0, ack.Header.SequenceNumber);
        Assert.Equal(PayloadType.None, ack.Header.PayloadType);
        var content = DataChannelPayloads.ReadAcknowledgeContent(ack.Payload.Span);
        Assert.Equal(new AcknowledgeContent(MessageTypes.OutputStreamData, id.ToString(), 0, true), content);
    }

    [Fact]
    public void Duplicates_are_acked_again_and_dropped()
    {
        var (channel, peer) = Create();
        var frame = Frame(MessageTypes.OutputStreamData, 0, "a");
        channel.Receive(frame);
        channel.Receive(frame);
        var early = Frame(MessageTypes.OutputStreamData, 2, "c");
        channel.Receive(early);
        channel.Receive(early);
        Assert.Single(peer.Delivered);
        Assert.Equal(1, channel.BufferedEarlyCount);
        Assert.Equal([0L, 0L, 2L, 2L], peer.SentAcks());
    }

    [Fact]
    public void Messages_beyond_the_receive_buffer_are_dropped_unacked()
    {
        var (channel, peer) = Create(ReliableChannelOptions.Client with { ReceiveBufferCapacity = 4 });
        channel.Receive(Frame(MessageTypes.OutputStreamData, 3, "d"));
        channel.Receive(Frame(MessageTypes.OutputStreamData, 4, "e"));
        Assert.Equal([3L], peer.SentAcks());
        Assert.Equal(1, channel.BufferedEarlyCount);
    }

    [Fact]
    public void A_handler_that_is_not_ready_withholds_the_ack_until_resumed()
    {
        var (channel, peer) = Create();
        channel.Receive(Frame(MessageTypes.OutputStreamData, 1, "b"));
        peer.Ready = false;
        channel.Receive(Frame(MessageTypes.OutputStreamData, 0, "a"));
        Assert.Equal([1L], peer.SentAcks());
        Assert.Equal(0, channel.ExpectedSequenceNumber);
        peer.Ready = true;
        channel.Receive(Frame(MessageTypes.OutputStreamData, 0, "a"));
        Assert.Equal("ab", string.Concat(peer.Delivered.Select(d => Encoding.ASCII.GetString(d.Payload))));
        peer.Ready = false;
        channel.Receive(Frame(MessageTypes.OutputStreamData, 3, "d"));
        channel.Receive(Frame(MessageTypes.OutputStreamData, 2, "c"));
        Assert.Equal(2, channel.ExpectedSequenceNumber);
        peer.Ready = true;
        channel.ResumeDelivery();
        Assert.Equal(2, channel.ExpectedSequenceNumber); // 2 was refused unbuffered: the peer resends it
        channel.Receive(Frame(MessageTypes.OutputStreamData, 2, "c"));
        Assert.Equal("abcd", string.Concat(peer.Delivered.Select(d => Encoding.ASCII.GetString(d.Payload))));
    }

    [Fact]
    public async Task Full_send_buffer_refuses_until_an_ack_makes_room()
    {
        var (channel, _) = Create(ReliableChannelOptions.Client with { SendBufferCapacity = 2 });
        Assert.True(channel.TrySend(PayloadType.Output, "0"u8));
        Assert.True(channel.TrySend(PayloadType.Output, "1"u8));
        Assert.False(channel.TrySend(PayloadType.Output, "2"u8));
        var wait = channel.WaitForSendSpaceAsync();
        Assert.False(wait.IsCompleted);
        channel.Receive(Ack(1));
        Assert.False(wait.IsCompleted);
        channel.Receive(Ack(0));
        await wait.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(channel.TrySend(PayloadType.Output, "2"u8));
    }

    [Fact]
    public void Attaching_a_new_transport_resends_everything_unacknowledged_in_order()
    {
        var (channel, _) = Create();
        channel.Detach();
        for (var i = 0; i < 5; i++)
        {
            channel.TrySend(PayloadType.Output, "x"u8);
        }
        channel.Receive(Ack(2));
        var fresh = new RecordingPeer();
        channel.Attach(fresh);
        Assert.Equal([0L, 1L, 3L, 4L], fresh.SentData());
    }

    [Fact]
    public void Control_messages_go_to_the_handler_unsequenced()
    {
        var (channel, peer) = Create();
        var closed = new ClientMessage(new ClientMessageHeader(MessageTypes.ChannelClosed, 1, 1, 0, 0, Guid.NewGuid(), PayloadType.None),
            "{\"Output\":\"bye\"}"u8.ToArray()).Encode();
        channel.Receive(closed);
        Assert.Equal(MessageTypes.ChannelClosed, Assert.Single(peer.Control).MessageType);
        Assert.Empty(peer.Sent);
    }

    [Fact]
    public void A_malformed_frame_throws_and_changes_nothing()
    {
        var (channel, peer) = Create();
        var frame = Frame(MessageTypes.OutputStreamData, 0, "a");
        frame[^1] ^= 1;
        Assert.Throws<ClientMessageException>(() => channel.Receive(frame));
        Assert.Equal(0, channel.ExpectedSequenceNumber);
        Assert.Empty(peer.Sent);
    }

    [Fact]
    public void Gives_up_after_the_maximum_resend_attempts_of_one_message()
    {
        var (channel, _) = Create(ReliableChannelOptions.Client with { MaxResendAttempts = 3 });
        channel.TrySend(PayloadType.Output, "0"u8);
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            Assert.Equal(1, channel.Tick());
            Assert.False(channel.ResendTimedOut);
        }
        _time.Advance(TimeSpan.FromSeconds(2));
        channel.Tick();
        Assert.True(channel.ResendTimedOut);
    }
}

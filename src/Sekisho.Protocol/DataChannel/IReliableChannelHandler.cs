namespace Sekisho.Protocol.DataChannel;

/// <summary>What a <see cref="ReliableChannel"/> delivers. Called with the channel's lock held, in sequence order.</summary>
public interface IReliableChannelHandler
{
    /// <summary>
    /// A stream message in sequence order. Return false when not ready: the message is then neither acknowledged
    /// nor consumed (the peer resends it), which is the data channel's only backpressure. After a refusal call
    /// <see cref="ReliableChannel.ResumeDelivery"/> when ready again.
    /// </summary>
    bool OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload);

    /// <summary>A message outside the sequence: channel_closed, start/pause_publication, agent_session_state, unknown types.</summary>
    void OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload);
}

using Sekisho.Protocol.DataChannel;

namespace Sekisho.Protocol.Tests.DataChannel;

/// <summary>A sink that keeps the frames it is given and a handler that keeps what is delivered.</summary>
internal sealed class RecordingPeer : IFrameSink, IReliableChannelHandler
{
    public List<byte[]> Sent { get; } = [];
    public List<(ClientMessageHeader Header, byte[] Payload)> Delivered { get; } = [];
    public List<ClientMessageHeader> Control { get; } = [];
    public bool Ready { get; set; } = true;

    public void SendFrame(ReadOnlySpan<byte> frame) => Sent.Add(frame.ToArray());

    public bool OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
    {
        if (!Ready)
        {
            return false;
        }
        Delivered.Add((header, payload.ToArray()));
        return true;
    }

    public void OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload) => Control.Add(header);

    public List<ClientMessage> SentMessages() => Sent.ConvertAll(f => ClientMessage.Decode(f));

    public List<long> SentAcks() => SentMessages()
        .Where(m => m.Header.MessageType == MessageTypes.Acknowledge)
        .Select(m => DataChannelPayloads.ReadAcknowledgedSequenceNumber(m.Payload.Span))
        .ToList();

    public List<long> SentData() => SentMessages()
        .Where(m => m.Header.MessageType != MessageTypes.Acknowledge)
        .Select(m => m.Header.SequenceNumber)
        .ToList();
}

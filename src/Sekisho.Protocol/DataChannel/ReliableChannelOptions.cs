namespace Sekisho.Protocol.DataChannel;

/// <summary>Settings of a <see cref="ReliableChannel"/>; the defaults are the stock peers' values.</summary>
public sealed record ReliableChannelOptions
{
    /// <summary>The message type this end sends its stream data as.</summary>
    public required string OutgoingMessageType { get; init; }

    /// <summary>Unacknowledged messages kept for resending; when full, <see cref="ReliableChannel.TrySend"/> refuses.</summary>
    public int SendBufferCapacity { get; init; } = 10_000;

    /// <summary>How far ahead of the next expected sequence number an early message is buffered (and acknowledged).</summary>
    public int ReceiveBufferCapacity { get; init; } = 10_000;

    public TimeSpan InitialRetransmissionTimeout { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxRetransmissionTimeout { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan InitialRoundTripTime { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan ClockGranularity { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How often <see cref="ReliableChannel.RunRetransmissionLoopAsync"/> checks for expired messages.</summary>
    public TimeSpan ResendInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Expired messages resent per check, oldest first; the stock peers resend one.</summary>
    public int MaxResendsPerTick { get; init; } = 1;

    /// <summary>
    /// Timer resends of one message after which <see cref="ReliableChannel.ResendTimedOut"/> turns true; the stock
    /// peers give up after 3,000 (five minutes of 100 ms checks) and end the session.
    /// </summary>
    public int MaxResendAttempts { get; init; } = 3000;

    /// <summary>Largest payload accepted by <see cref="ReliableChannel.TrySend"/>.</summary>
    public int MaxPayloadLength { get; init; } = 64 * 1024;

    /// <summary>Check the SHA-256 digest of received payloads (the stock plugin does).</summary>
    public bool VerifyDigest { get; init; } = true;

    /// <summary>For the client end: sends <see cref="MessageTypes.InputStreamData"/>.</summary>
    public static ReliableChannelOptions Client => new() { OutgoingMessageType = MessageTypes.InputStreamData };

    /// <summary>For the agent end: sends <see cref="MessageTypes.OutputStreamData"/>.</summary>
    public static ReliableChannelOptions Agent => new() { OutgoingMessageType = MessageTypes.OutputStreamData };
}

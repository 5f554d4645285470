namespace Sekisho.Protocol.Smux;

/// <summary>Settings of an <see cref="SmuxSession"/>; the defaults are smux's own.</summary>
public sealed record SmuxOptions
{
    /// <summary>Largest PSH payload this end sends (at most 65,535).</summary>
    public int MaxFrameSize { get; init; } = 32_768;

    /// <summary>
    /// Bytes received but not yet read by any stream before the session stops reading from the transport. This is
    /// smux v1's only flow control: one slow stream holds up the whole session once it is exhausted.
    /// </summary>
    public int MaxReceiveBuffer { get; init; } = 4 * 1024 * 1024;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFrameSize, SmuxHeader.MaxPayload);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReceiveBuffer, 1);
    }
}

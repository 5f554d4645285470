namespace Sekisho.Protocol.DataChannel;

/// <summary>Values of the Flags header field.</summary>
public static class MessageFlags
{
    public const ulong None = 0;
    public const ulong Syn = 1;
    public const ulong Fin = 2;

    /// <summary>What both stock peers put on every acknowledge message (SYN and FIN together).</summary>
    public const ulong Acknowledge = Syn | Fin;
}

namespace Sekisho.Protocol.Smux;

/// <summary>The cmd byte of an smux v1 frame.</summary>
public enum SmuxCommand : byte
{
    /// <summary>Opens a stream.</summary>
    Syn = 0,

    /// <summary>Closes a stream (end of data).</summary>
    Fin = 1,

    /// <summary>Carries data.</summary>
    Psh = 2,

    /// <summary>Does nothing (keepalive).</summary>
    Nop = 3,
}

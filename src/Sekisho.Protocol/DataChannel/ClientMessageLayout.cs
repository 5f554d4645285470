namespace Sekisho.Protocol.DataChannel;

/// <summary>Offsets and sizes of the 120-byte message header (big-endian integers).</summary>
public static class ClientMessageLayout
{
    /// <summary>The value of the HeaderLength field: the header without the PayloadLength field.</summary>
    public const int HeaderLengthValue = 116;

    /// <summary>Bytes before the payload.</summary>
    public const int HeaderSize = 120;

    public const int HeaderLengthOffset = 0;
    public const int MessageTypeOffset = 4;
    public const int MessageTypeLength = 32;
    public const int SchemaVersionOffset = 36;
    public const int CreatedDateOffset = 40;
    public const int SequenceNumberOffset = 48;
    public const int FlagsOffset = 56;
    public const int MessageIdOffset = 64;
    public const int MessageIdLength = 16;
    public const int PayloadDigestOffset = 80;
    public const int PayloadDigestLength = 32;
    public const int PayloadTypeOffset = 112;
    public const int PayloadLengthOffset = 116;
    public const int PayloadOffset = 120;

    /// <summary>What the stock peers put in one stream message at most.</summary>
    public const int StockMaxPayload = 1024;
}

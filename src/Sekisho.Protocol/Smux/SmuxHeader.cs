using System.Buffers.Binary;

namespace Sekisho.Protocol.Smux;

/// <summary>
/// The 8-byte smux v1 frame header, little-endian: <c>version(1)=1 | cmd(1) | length(2) | streamId(4)</c>,
/// followed by <see cref="Length"/> bytes of data for <see cref="SmuxCommand.Psh"/>.
/// </summary>
public readonly record struct SmuxHeader(SmuxCommand Command, ushort Length, uint StreamId)
{
    public const int Size = 8;
    public const byte Version = 1;

    /// <summary>The most data one frame can carry.</summary>
    public const int MaxPayload = ushort.MaxValue;

    public void Write(Span<byte> destination)
    {
        destination[0] = Version;
        destination[1] = (byte)Command;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], StreamId);
    }

    /// <summary>Reads and checks a header.</summary>
    /// <exception cref="SmuxProtocolException">Not version 1, an unknown command, or data on a command that has none.</exception>
    public static SmuxHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size)
        {
            throw new SmuxProtocolException($"smux header needs {Size} bytes, got {source.Length}");
        }
        var streamId = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
        if (source[0] != Version)
        {
            throw new SmuxProtocolException($"smux frame for stream {streamId} has version {source[0]}, expected {Version}");
        }
        if (source[1] > (byte)SmuxCommand.Nop)
        {
            throw new SmuxProtocolException($"smux frame for stream {streamId} has unknown command {source[1]}");
        }
        var header = new SmuxHeader((SmuxCommand)source[1], BinaryPrimitives.ReadUInt16LittleEndian(source[2..]), streamId);
        if (header.Command != SmuxCommand.Psh && header.Length != 0)
        {
            throw new SmuxProtocolException($"smux {header.Command} frame for stream {streamId} has length {header.Length}; only PSH carries data");
        }
        return header;
    }
}

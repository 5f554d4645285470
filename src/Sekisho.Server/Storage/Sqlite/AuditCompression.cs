using System.Buffers;
using System.IO.Compression;

namespace Sekisho.Server.Storage.Sqlite;

/// <summary>
/// How the SQLite store keeps audit records: Brotli at its fastest setting. PostgreSQL compresses its audit column
/// itself (lz4); SQLite does not, and a busy server's records (JSON lines, about 400 bytes a call) were 20 MB/s of
/// WAL and checkpoint writes at 20,000 requests/s. Brotli's quality 0 shrinks them about tenfold at ~650 MB/s, a few
/// percent of one core at that rate. The <c>encoding</c> column says which records are compressed, so files written
/// before compression (schema version 1) read unchanged.
/// </summary>
internal static class AuditCompression
{
    public const int Raw = 0;
    public const int Brotli = 1;

    private const int Quality = 0;
    private const int Window = 22;

    /// <summary>The record compressed into a pooled array (return it with <see cref="Return"/>), and its length.</summary>
    public static (byte[] Buffer, int Length) Compress(ReadOnlySpan<byte> data)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(data.Length));
        if (!BrotliEncoder.TryCompress(data, buffer, out var written, Quality, Window))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new StorageException($"cannot compress an audit record of {data.Length} bytes");
        }
        return (buffer, written);
    }

    public static void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);

    /// <summary>The record as it was appended, from its stored bytes and <c>encoding</c>.</summary>
    public static byte[] Decode(byte[] stored, long encoding, long position)
    {
        switch (encoding)
        {
            case Raw:
                return stored;
            case Brotli:
                try
                {
                    using var source = new BrotliStream(new MemoryStream(stored), CompressionMode.Decompress);
                    using var decoded = new MemoryStream(stored.Length * 8);
                    source.CopyTo(decoded);
                    return decoded.ToArray();
                }
                catch (InvalidDataException e)
                {
                    throw new StorageException($"audit record {position} is corrupt: its Brotli data does not decode ({e.Message})", e);
                }
            default:
                throw new StorageException($"audit record {position} has encoding {encoding}, which this build does not know; upgrade Sekisho");
        }
    }
}

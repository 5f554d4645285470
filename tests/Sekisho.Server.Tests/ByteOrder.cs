namespace Sekisho.Server.Tests;

/// <summary>Lexicographic order of byte arrays, the order the store promises for UTF-8 keys.</summary>
public sealed class ByteOrder : IComparer<byte[]>
{
    public static readonly ByteOrder Instance = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}

namespace Sekisho.Server.Storage;

/// <summary>One write of a transaction: set a key to a value, or remove it.</summary>
public sealed record Write(WriteKind Kind, string Key, ReadOnlyMemory<byte> Value)
{
    public static Write Put(string key, ReadOnlyMemory<byte> value) => new(WriteKind.Put, key, value);

    public static Write Delete(string key) => new(WriteKind.Delete, key, ReadOnlyMemory<byte>.Empty);
}

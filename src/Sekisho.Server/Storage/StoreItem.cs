namespace Sekisho.Server.Storage;

/// <summary>A key with its value and the store revision of the write that last changed it.</summary>
public sealed record StoreItem(string Key, ReadOnlyMemory<byte> Value, long Revision);

namespace Sekisho.Server.Storage;

/// <summary>An entry of the append-only audit log: its position (from 1, increasing), when it was appended, its bytes.</summary>
public sealed record AuditRecord(long Position, DateTimeOffset Time, ReadOnlyMemory<byte> Data);

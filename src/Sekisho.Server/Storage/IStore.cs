namespace Sekisho.Server.Storage;

/// <summary>
/// Everything Sekisho persists goes through this interface (DESIGN.md principle 6): an ordered key-value store
/// with per-key revisions, atomic conditional transactions and a change feed; an append-only audit log; blobs.
/// Revisions are store-wide, start at 1 and increase with every committed transaction (not necessarily by 1).
/// Implementations: <see cref="Sqlite.SqliteStore"/> and <see cref="Postgres.PostgresStore"/>, both held to
/// one contract test suite. Single-key helpers (put, create, update, delete) are in <see cref="StoreExtensions"/>.
/// </summary>
public interface IStore : IAsyncDisposable
{
    /// <summary>The item at <paramref name="key"/>, or null.</summary>
    Task<StoreItem?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>One page of keys in byte order, from one consistent snapshot.</summary>
    Task<ScanPage> ScanAsync(ScanRequest request, CancellationToken cancellationToken = default);

    /// <summary>Applies the writes if every condition holds, all or nothing, under one new revision.</summary>
    Task<TransactionResult> CommitAsync(Transaction transaction, CancellationToken cancellationToken = default);

    /// <summary>The revision of the last committed transaction (0 for an empty store).</summary>
    Task<long> GetRevisionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes of transactions with a revision above <paramref name="afterRevision"/>, in order. Whole transactions
    /// only: a batch may exceed <paramref name="limit"/> to finish the last one.
    /// </summary>
    /// <exception cref="ChangeFeedCompactedException">some of those changes were compacted away.</exception>
    Task<IReadOnlyList<Change>> ReadChangesAsync(long afterRevision, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every change after <paramref name="afterRevision"/>, in order, then new ones as they are committed (by this
    /// process or any other sharing the store), until cancelled.
    /// </summary>
    IAsyncEnumerable<Change> WatchAsync(long afterRevision, CancellationToken cancellationToken = default);

    /// <summary>Forgets the change feed up to and including <paramref name="throughRevision"/>; items are untouched.</summary>
    Task CompactChangesAsync(long throughRevision, CancellationToken cancellationToken = default);

    /// <summary>Appends one audit record durably; returns its position. <paramref name="data"/> is not kept once the task completes (the caller reuses it).</summary>
    Task<long> AppendAuditAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> audit records from position <paramref name="fromPosition"/> (inclusive), in order.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(long fromPosition, int limit, CancellationToken cancellationToken = default);

    /// <summary>Stores (or atomically replaces) a blob with everything read from <paramref name="content"/>; returns its length.</summary>
    Task<long> PutBlobAsync(string name, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Copies a blob to <paramref name="destination"/>; false when there is no such blob.</summary>
    Task<bool> ReadBlobAsync(string name, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>Deletes a blob; false when there was none.</summary>
    Task<bool> DeleteBlobAsync(string name, CancellationToken cancellationToken = default);
}

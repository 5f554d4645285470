using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Sekisho.Server.Storage.Sqlite.Native;

namespace Sekisho.Server.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a write is on disk before it is
/// acknowledged. One writer connection used by one caller at a time (SQLite allows a single writer anyway, and
/// queueing in-process is cheaper than busy-waiting); readers use a pool of connections and run concurrently.
/// </summary>
public sealed class SqliteStore : IStore
{
    private const int BlobChunkSize = 256 * 1024;

    private readonly SqliteStoreOptions _options;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentQueue<PendingWrite> _pending = new();
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private readonly ChangeSignal _signal = new();
    private int _disposed;

    private SqliteStore(SqliteStoreOptions options, SqliteConnection writer)
    {
        _options = options;
        _writer = writer;
    }

    public string DatabasePath => _options.DatabasePath;

    /// <summary>Opens (creating if needed) the store in the data folder and brings its schema up to date.</summary>
    public static Task<SqliteStore> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(options.DataDirectory);
        var writer = SqliteConnection.Open(options.DatabasePath, readOnly: false, options.BusyTimeout);
        try
        {
            using (var mode = writer.Prepare("PRAGMA journal_mode=WAL"))
            {
                var journal = mode.Step() ? mode.GetText(0) : "";
                if (!string.Equals(journal, "wal", StringComparison.OrdinalIgnoreCase))
                    throw new StorageException($"cannot switch {options.DatabasePath} to WAL mode (journal mode is '{journal}')");
            }
            writer.Execute("PRAGMA synchronous=FULL");
            Migrate(writer, options.TimeProvider);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
        return Task.FromResult(new SqliteStore(options, writer));
    }

    /// <summary>The schema version this file is at (for tests and diagnostics).</summary>
    public Task<long> GetSchemaVersionAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(c => SchemaVersion(c), cancellationToken);

    private static long SchemaVersion(SqliteConnection connection)
    {
        var s = connection.Statement("SELECT coalesce(max(version), 0) FROM schema_versions");
        s.Step();
        return s.GetInt64(0);
    }

    private static void Migrate(SqliteConnection writer, TimeProvider time)
    {
        writer.Execute("CREATE TABLE IF NOT EXISTS schema_versions(version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)");
        // BEGIN IMMEDIATE takes the write lock first, so two processes opening a new file migrate it once.
        writer.Execute("BEGIN IMMEDIATE");
        try
        {
            var current = SchemaVersion(writer);
            var known = SqliteMigrations.Versions.Count;
            if (current > known)
                throw new StorageException($"{writer.Path} is at schema version {current}, newer than this build knows ({known}); upgrade Sekisho");
            for (var v = (int)current + 1; v <= known; v++)
            {
                writer.Execute(SqliteMigrations.Versions[v - 1]);
                writer.Statement("INSERT INTO schema_versions(version, applied_ms) VALUES (?1, ?2)")
                    .Bind(1, v).Bind(2, time.GetUtcNow().ToUnixTimeMilliseconds()).Run();
            }
            writer.ResetStatements();
            writer.Execute("COMMIT");
        }
        catch
        {
            writer.ResetStatements();
            Rollback(writer);
            throw;
        }
    }

    public Task<StoreItem?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var bytes = StorageKeys.Validate(key);
        return ReadAsync(c =>
        {
            var s = c.Statement("SELECT value, revision FROM kv WHERE key = ?1").Bind(1, bytes);
            return s.Step() ? new StoreItem(key, s.GetBlob(0), s.GetInt64(1)) : null;
        }, cancellationToken);
    }

    public Task<ScanPage> ScanAsync(ScanRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var (lower, upper) = StorageKeys.Bounds(request);
        return ReadAsync(c => InReadTransaction(c, () =>
        {
            var revision = Meta(c, "revision");
            var s = c.Statement("SELECT key, value, revision FROM kv WHERE key >= ?1 AND key < ?2 ORDER BY key LIMIT ?3")
                .Bind(1, lower).Bind(2, upper).Bind(3, request.Limit + 1);
            var items = new List<StoreItem>(Math.Min(request.Limit, 256));
            var more = false;
            while (s.Step())
            {
                if (items.Count == request.Limit)
                {
                    more = true;
                    break;
                }
                items.Add(new StoreItem(StorageKeys.Decode(s.GetBlob(0)), s.GetBlob(1), s.GetInt64(2)));
            }
            s.Reset();
            return new ScanPage(items, more, revision);
        }), cancellationToken);
    }

    public Task<long> GetRevisionAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(c => Meta(c, "revision"), cancellationToken);

    public Task<TransactionResult> CommitAsync(Transaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        transaction.Validate();
        return WriteAsync(w =>
        {
            for (var i = 0; i < transaction.Conditions.Count; i++)
            {
                var condition = transaction.Conditions[i];
                var s = w.Statement("SELECT revision FROM kv WHERE key = ?1").Bind(1, StorageKeys.Validate(condition.Key));
                long? actual = s.Step() ? s.GetInt64(0) : null;
                s.Reset();
                if (!condition.IsMetBy(actual)) return (false, TransactionResult.Failure(i, actual));
            }
            var revision = Meta(w, "revision") + 1;
            SetMeta(w, "revision", revision);
            for (var i = 0; i < transaction.Writes.Count; i++)
            {
                var write = transaction.Writes[i];
                var key = StorageKeys.Validate(write.Key);
                if (write.Kind == WriteKind.Put)
                {
                    w.Statement("INSERT INTO kv(key, value, revision) VALUES (?1, ?2, ?3) ON CONFLICT(key) DO UPDATE SET value = excluded.value, revision = excluded.revision")
                        .Bind(1, key).Bind(2, write.Value.Span).Bind(3, revision).Run();
                }
                else
                {
                    w.Statement("DELETE FROM kv WHERE key = ?1").Bind(1, key).Run();
                    if (w.Changes() == 0) continue;
                }
                w.Statement("INSERT INTO changes(revision, seq, kind, key, value) VALUES (?1, ?2, ?3, ?4, ?5)")
                    .Bind(1, revision).Bind(2, i).Bind(3, (long)(write.Kind == WriteKind.Put ? ChangeKind.Put : ChangeKind.Delete))
                    .Bind(4, key).Bind(5, write.Value.Span).Run();
            }
            return (true, TransactionResult.Success(revision));
        }, cancellationToken);
    }

    public Task<IReadOnlyList<Change>> ReadChangesAsync(long afterRevision, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return ReadAsync<IReadOnlyList<Change>>(c => InReadTransaction(c, () =>
        {
            var compacted = Meta(c, "compacted");
            if (afterRevision < compacted) throw new ChangeFeedCompactedException(afterRevision, compacted);
            // Whole transactions only: up to the revision of the limit-th change after the cursor.
            var s = c.Statement("""
                SELECT revision, kind, key, value FROM changes
                WHERE revision > ?1 AND revision <= (SELECT max(revision) FROM (SELECT revision FROM changes WHERE revision > ?1 ORDER BY revision, seq LIMIT ?2))
                ORDER BY revision, seq
                """).Bind(1, afterRevision).Bind(2, limit);
            var changes = new List<Change>();
            while (s.Step())
                changes.Add(new Change(s.GetInt64(0), (ChangeKind)s.GetInt64(1), StorageKeys.Decode(s.GetBlob(2)), s.GetBlob(3)));
            return changes;
        }), cancellationToken);
    }

    public IAsyncEnumerable<Change> WatchAsync(long afterRevision, CancellationToken cancellationToken = default) =>
        ChangeFeed.WatchAsync(this, afterRevision, _signal, _options.ChangePollInterval, _options.TimeProvider, cancellationToken);

    public Task CompactChangesAsync(long throughRevision, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(throughRevision);
        return WriteAsync(w =>
        {
            var current = Meta(w, "revision");
            if (throughRevision > current)
                throw new ArgumentOutOfRangeException(nameof(throughRevision), throughRevision, $"the store is only at revision {current}");
            if (throughRevision <= Meta(w, "compacted")) return (false, 0);
            w.Statement("DELETE FROM changes WHERE revision <= ?1").Bind(1, throughRevision).Run();
            SetMeta(w, "compacted", throughRevision);
            return (true, 0);
        }, cancellationToken);
    }

    public async Task<long> AppendAuditAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        // Compressed on the caller's thread, so the single writer connection is held only for the insert.
        var (compressed, length) = AuditCompression.Compress(data.Span);
        try
        {
            return await WriteAsync(w =>
            {
                w.Statement("INSERT INTO audit(time_ms, data, encoding) VALUES (?1, ?2, ?3)")
                    .Bind(1, _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds())
                    .Bind(2, compressed.AsSpan(0, length))
                    .Bind(3, AuditCompression.Brotli).Run();
                return (true, w.LastInsertRowId());
            }, cancellationToken, notify: false).ConfigureAwait(false);
        }
        finally
        {
            AuditCompression.Return(compressed);
        }
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(long fromPosition, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromPosition, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return ReadAsync<IReadOnlyList<AuditRecord>>(c =>
        {
            var s = c.Statement("SELECT position, time_ms, data, encoding FROM audit WHERE position >= ?1 ORDER BY position LIMIT ?2")
                .Bind(1, fromPosition).Bind(2, limit);
            var records = new List<AuditRecord>();
            while (s.Step())
            {
                var position = s.GetInt64(0);
                var data = AuditCompression.Decode(s.GetBlob(2), s.GetInt64(3), position);
                records.Add(new AuditRecord(position, DateTimeOffset.FromUnixTimeMilliseconds(s.GetInt64(1)), data));
            }
            return records;
        }, cancellationToken);
    }

    public async Task<long> PutBlobAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        StorageKeys.ValidateBlobName(name);
        ArgumentNullException.ThrowIfNull(content);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _writer.Execute("BEGIN IMMEDIATE");
            try
            {
                _writer.Statement("DELETE FROM blob_chunks WHERE name = ?1").Bind(1, name).Run();
                var buffer = new byte[BlobChunkSize];
                long length = 0;
                var chunks = 0;
                while (true)
                {
                    var filled = await FillAsync(content, buffer, cancellationToken).ConfigureAwait(false);
                    if (filled == 0) break;
                    _writer.Statement("INSERT INTO blob_chunks(name, seq, data) VALUES (?1, ?2, ?3)")
                        .Bind(1, name).Bind(2, chunks).Bind(3, buffer.AsSpan(0, filled)).Run();
                    chunks++;
                    length += filled;
                    if (filled < buffer.Length) break;
                }
                _writer.Statement("INSERT INTO blobs(name, length, chunks, created_ms) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(name) DO UPDATE SET length = excluded.length, chunks = excluded.chunks, created_ms = excluded.created_ms")
                    .Bind(1, name).Bind(2, length).Bind(3, chunks).Bind(4, _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds()).Run();
                _writer.ResetStatements();
                _writer.Execute("COMMIT");
                return length;
            }
            catch
            {
                _writer.ResetStatements();
                Rollback(_writer);
                throw;
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<bool> ReadBlobAsync(string name, Stream destination, CancellationToken cancellationToken = default)
    {
        StorageKeys.ValidateBlobName(name);
        ArgumentNullException.ThrowIfNull(destination);
        var connection = RentReader();
        var reusable = false;
        try
        {
            // One read transaction, so a concurrent replacement is seen entirely or not at all.
            connection.Execute("BEGIN");
            try
            {
                var head = connection.Statement("SELECT chunks FROM blobs WHERE name = ?1").Bind(1, name);
                if (!head.Step()) return false;
                var chunks = head.GetInt64(0);
                head.Reset();
                for (var seq = 0L; seq < chunks; seq++)
                {
                    var s = connection.Statement("SELECT data FROM blob_chunks WHERE name = ?1 AND seq = ?2").Bind(1, name).Bind(2, seq);
                    if (!s.Step()) throw new StorageException($"blob '{name}' is missing chunk {seq} of {chunks}");
                    var data = s.GetBlob(0);
                    s.Reset();
                    await destination.WriteAsync(data, cancellationToken).ConfigureAwait(false);
                }
                return true;
            }
            finally
            {
                connection.ResetStatements();
                Rollback(connection);
                reusable = true;
            }
        }
        finally
        {
            ReturnReader(connection, reusable);
        }
    }

    public Task<bool> DeleteBlobAsync(string name, CancellationToken cancellationToken = default)
    {
        StorageKeys.ValidateBlobName(name);
        return WriteAsync(w =>
        {
            w.Statement("DELETE FROM blob_chunks WHERE name = ?1").Bind(1, name).Run();
            w.Statement("DELETE FROM blobs WHERE name = ?1").Bind(1, name).Run();
            var existed = w.Changes() > 0;
            return (existed, existed);
        }, cancellationToken, notify: false);
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            filled += read;
        }
        return filled;
    }

    private static long Meta(SqliteConnection connection, string name)
    {
        var s = connection.Statement("SELECT value FROM meta WHERE name = ?1").Bind(1, name);
        if (!s.Step()) throw new StorageException($"{connection.Path}: meta row '{name}' is missing; the schema is damaged");
        var value = s.GetInt64(0);
        s.Reset();
        return value;
    }

    private static void SetMeta(SqliteConnection connection, string name, long value) =>
        connection.Statement("UPDATE meta SET value = ?2 WHERE name = ?1").Bind(1, name).Bind(2, value).Run();

    /// <summary>
    /// Runs <paramref name="work"/> on the writer connection and returns once it is durable. Group commit: the
    /// caller queues its work; whoever holds the writer lock runs every queued unit in one SQLite transaction,
    /// each inside its own savepoint (a unit that returns Commit=false or throws is rolled back alone), and
    /// pays one fsync for all of them. Work queued before the lock is taken is never cancelled half-way: its
    /// token is checked only before it starts.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, (bool Commit, T Result)> work, CancellationToken cancellationToken, bool notify = true)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite(c =>
        {
            var (commit, result) = work(c);
            return (commit, result);
        }, notify, cancellationToken);
        _pending.Enqueue(pending);
        await _writeLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (!pending.Done.Task.IsCompleted) RunQueuedWrites();
        }
        finally
        {
            _writeLock.Release();
        }
        return (T)(await pending.Done.Task.ConfigureAwait(false))!;
    }

    private const int MaxGroupCommit = 256;

    /// <summary>Runs queued writes in one transaction. Called with the writer lock held.</summary>
    private void RunQueuedWrites()
    {
        var batch = new List<PendingWrite>();
        while (batch.Count < MaxGroupCommit && _pending.TryDequeue(out var next)) batch.Add(next);
        if (batch.Count == 0) return;
        if (Volatile.Read(ref _disposed) != 0)
        {
            foreach (var p in batch) p.Done.TrySetException(new ObjectDisposedException(nameof(SqliteStore)));
            return;
        }
        var outcomes = new (bool Ran, object? Result, Exception? Error)[batch.Count];
        var notify = false;
        try
        {
            _writer.Execute("BEGIN IMMEDIATE");
            for (var i = 0; i < batch.Count; i++)
            {
                var p = batch[i];
                if (p.Cancellation.IsCancellationRequested)
                {
                    outcomes[i] = (false, null, new OperationCanceledException(p.Cancellation));
                    continue;
                }
                _writer.Execute("SAVEPOINT unit");
                try
                {
                    var (commit, result) = p.Work(_writer);
                    _writer.ResetStatements();
                    if (commit)
                    {
                        notify |= p.Notify;
                    }
                    else
                    {
                        _writer.Execute("ROLLBACK TO unit");
                    }
                    _writer.Execute("RELEASE unit");
                    outcomes[i] = (true, result, null);
                }
                catch (Exception e) when (!_writer.InAutocommit)
                {
                    // The unit failed but the batch transaction is intact: undo the unit alone and hand its
                    // exception to its caller, who rethrows it (nothing is swallowed).
                    _writer.ResetStatements();
                    _writer.Execute("ROLLBACK TO unit");
                    _writer.Execute("RELEASE unit");
                    outcomes[i] = (false, null, e);
                }
            }
            _writer.Execute("COMMIT");
        }
        catch (Exception e)
        {
            // SQLite aborted the whole transaction (I/O error, disk full, ...) or COMMIT failed: nothing of the
            // batch is durable, so every caller gets this error.
            _writer.ResetStatements();
            Rollback(_writer);
            foreach (var p in batch) p.Done.TrySetException(e);
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Error is { } error) batch[i].Done.TrySetException(error);
            else batch[i].Done.TrySetResult(outcomes[i].Result);
        }
        if (notify) _signal.Pulse();
    }

    /// <summary>A unit of write work waiting for the group commit.</summary>
    private sealed class PendingWrite(Func<SqliteConnection, (bool Commit, object? Result)> work, bool notify, CancellationToken cancellation)
    {
        public Func<SqliteConnection, (bool Commit, object? Result)> Work { get; } = work;

        public bool Notify { get; } = notify;

        public CancellationToken Cancellation { get; } = cancellation;

        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = RentReader();
        var reusable = false;
        try
        {
            var result = work(connection);
            connection.ResetStatements();
            reusable = connection.InAutocommit;
            return Task.FromResult(result);
        }
        finally
        {
            ReturnReader(connection, reusable);
        }
    }

    private static T InReadTransaction<T>(SqliteConnection connection, Func<T> work)
    {
        connection.Execute("BEGIN");
        try
        {
            return work();
        }
        finally
        {
            connection.ResetStatements();
            Rollback(connection);
        }
    }

    private static void Rollback(SqliteConnection connection)
    {
        // After some errors SQLite has already rolled back; a second ROLLBACK would fail and hide the first error.
        if (!connection.InAutocommit) connection.Execute("ROLLBACK");
    }

    private SqliteConnection RentReader()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_readers.TryTake(out var connection)) return connection;
        connection = SqliteConnection.Open(_options.DatabasePath, readOnly: false, _options.BusyTimeout);
        connection.Execute("PRAGMA query_only=1");
        return connection;
    }

    private void ReturnReader(SqliteConnection connection, bool reusable)
    {
        if (reusable && Volatile.Read(ref _disposed) == 0 && _readers.Count < _options.MaxIdleReaders) _readers.Add(connection);
        else connection.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // Wait for a write in flight so the writer connection is not closed under it.
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            while (_readers.TryTake(out var reader)) reader.Dispose();
            _writer.Dispose();
        }
        finally
        {
            _writeLock.Release();
        }
        _writeLock.Dispose();
    }
}

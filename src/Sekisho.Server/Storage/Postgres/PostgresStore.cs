using System.Data;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace Sekisho.Server.Storage.Postgres;

/// <summary>
/// The store for several server replicas sharing one PostgreSQL database.
/// Revisions come from a counter row (<c>meta.revision</c>) that every committing transaction increments first:
/// its row lock is held to commit, so writers are serialized and revisions become visible in commit order.
/// (A sequence would hand out numbers that can commit out of order, and a change-feed poller that saw revision
/// 11 before 10 committed would skip 10 for ever.) Under that lock READ COMMITTED is enough for the conditions:
/// no other writer can change a key between the check and the commit.
/// </summary>
public sealed partial class PostgresStore : IStore
{
    private const int BlobChunkSize = 256 * 1024;

    private readonly NpgsqlDataSource _source;
    private readonly PostgresStoreOptions _options;
    private readonly ChangeSignal _signal = new();
    private readonly string _s;
    private readonly string _channel;
    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _listenerGate = new();
    private Task? _listener;

    private PostgresStore(NpgsqlDataSource source, PostgresStoreOptions options)
    {
        _source = source;
        _options = options;
        _s = $"\"{options.Schema}\"";
        _channel = "sekisho_changes_" + options.Schema;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();

    /// <summary>Connects, creates the schema when missing and applies pending migrations (once, even with replicas starting together).</summary>
    public static async Task<PostgresStore> OpenAsync(PostgresStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!SchemaName().IsMatch(options.Schema))
            throw new ArgumentException($"schema name '{options.Schema}' must be lower-case letters, digits and '_' (at most 63, not starting with a digit)", nameof(options));
        var source = CreateDataSource(options.ConnectionString);
        var store = new PostgresStore(source, options);
        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return store;
    }

    /// <summary>
    /// The pool, with two defaults measured under load (bench/server/README.md) unless the connection string sets
    /// them: no <c>DISCARD ALL</c> each time a connection goes back to the pool (Sekisho leaves no session state
    /// behind: transactions are always ended, advisory locks are transaction-scoped, and the one LISTEN lives
    /// on a connection held until the store closes), and auto-preparation of the store's few statements, so
    /// PostgreSQL parses and plans them once per connection instead of on every call.
    /// </summary>
    private static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!Sets(connectionString, "noresetonclose")) builder.ConnectionStringBuilder.NoResetOnClose = true;
        if (!Sets(connectionString, "maxautoprepare")) builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        return builder.Build();
    }

    // NpgsqlConnectionStringBuilder.ContainsKey answers whether a keyword is known, not whether it was given.
    private static bool Sets(string connectionString, string keyword)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in given.Keys)
            if (string.Equals(key.Replace(" ", "", StringComparison.Ordinal), keyword, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('sekisho-migrate:' || @schema))", connection, tx))
        {
            lockCommand.Parameters.AddWithValue("schema", _options.Schema);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await ExecuteAsync(connection, tx, $"CREATE SCHEMA IF NOT EXISTS {_s}; CREATE TABLE IF NOT EXISTS {_s}.schema_versions(version integer PRIMARY KEY, applied timestamptz NOT NULL)", cancellationToken).ConfigureAwait(false);
        long current;
        await using (var version = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {_s}.schema_versions", connection, tx))
            current = Convert.ToInt64(await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        var known = PostgresMigrations.Versions.Count;
        if (current > known)
            throw new StorageException($"schema {_options.Schema} is at version {current}, newer than this build knows ({known}); upgrade Sekisho");
        for (var v = (int)current + 1; v <= known; v++)
        {
            await ExecuteAsync(connection, tx, PostgresMigrations.Versions[v - 1].Replace("{s}", _s, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand($"INSERT INTO {_s}.schema_versions(version, applied) VALUES (@v, @t)", connection, tx);
            record.Parameters.AddWithValue("v", v);
            record.Parameters.AddWithValue("t", _options.TimeProvider.GetUtcNow());
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The schema version the database is at (for tests and diagnostics).</summary>
    public async Task<long> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand($"SELECT coalesce(max(version), 0) FROM {_s}.schema_versions");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<StoreItem?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var bytes = StorageKeys.Validate(key);
        await using var command = _source.CreateCommand($"SELECT value, revision FROM {_s}.kv WHERE key = $1");
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = bytes, NpgsqlDbType = NpgsqlDbType.Bytea });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new StoreItem(key, reader.GetFieldValue<byte[]>(0), reader.GetInt64(1));
    }

    public async Task<ScanPage> ScanAsync(ScanRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var (lower, upper) = StorageKeys.Bounds(request);
        // One statement, one snapshot: the revision and the rows agree.
        await using var command = _source.CreateCommand($"""
            SELECT m.value, k.key, k.value, k.revision
            FROM {_s}.meta m
            LEFT JOIN LATERAL (SELECT key, value, revision FROM {_s}.kv WHERE key >= $1 AND key < $2 ORDER BY key LIMIT $3) k ON true
            WHERE m.name = 'revision'
            ORDER BY k.key
            """);
        command.Parameters.Add(Bytea(lower));
        command.Parameters.Add(Bytea(upper));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = request.Limit + 1 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<StoreItem>(Math.Min(request.Limit, 256));
        long revision = 0;
        var more = false;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            revision = reader.GetInt64(0);
            if (reader.IsDBNull(1)) break;
            if (items.Count == request.Limit)
            {
                more = true;
                break;
            }
            items.Add(new StoreItem(StorageKeys.Decode(reader.GetFieldValue<byte[]>(1)), reader.GetFieldValue<byte[]>(2), reader.GetInt64(3)));
        }
        return new ScanPage(items, more, revision);
    }

    public async Task<long> GetRevisionAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand($"SELECT value FROM {_s}.meta WHERE name = 'revision'");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)
                      ?? throw new StorageException($"schema {_options.Schema}: meta row 'revision' is missing"));
    }

    public async Task<TransactionResult> CommitAsync(Transaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        transaction.Validate();
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        long revision;
        await using (var next = new NpgsqlCommand($"UPDATE {_s}.meta SET value = value + 1 WHERE name = 'revision' RETURNING value", connection, tx))
            revision = (long)(await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)
                              ?? throw new StorageException($"schema {_options.Schema}: meta row 'revision' is missing"));
        if (transaction.Conditions.Count > 0)
        {
            var keys = new byte[transaction.Conditions.Count][];
            for (var i = 0; i < keys.Length; i++) keys[i] = StorageKeys.Validate(transaction.Conditions[i].Key);
            var found = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var check = new NpgsqlCommand($"SELECT key, revision FROM {_s}.kv WHERE key = ANY($1)", connection, tx))
            {
                check.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                await using var reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    found[StorageKeys.Decode(reader.GetFieldValue<byte[]>(0))] = reader.GetInt64(1);
            }
            for (var i = 0; i < transaction.Conditions.Count; i++)
            {
                var condition = transaction.Conditions[i];
                long? actual = found.TryGetValue(condition.Key, out var r) ? r : null;
                if (!condition.IsMetBy(actual))
                {
                    await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return TransactionResult.Failure(i, actual);
                }
            }
        }
        await using (var batch = new NpgsqlBatch(connection, tx))
        {
            for (var i = 0; i < transaction.Writes.Count; i++)
            {
                var write = transaction.Writes[i];
                var key = StorageKeys.Validate(write.Key);
                var command = write.Kind == WriteKind.Put
                    ? new NpgsqlBatchCommand($"""
                        WITH w AS (INSERT INTO {_s}.kv(key, value, revision) VALUES ($1, $2, $3)
                                   ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, revision = EXCLUDED.revision)
                        INSERT INTO {_s}.changes(revision, seq, kind, key, value) VALUES ($3, $4, 1, $1, $2)
                        """)
                    : new NpgsqlBatchCommand($"""
                        WITH d AS (DELETE FROM {_s}.kv WHERE key = $1 RETURNING key)
                        INSERT INTO {_s}.changes(revision, seq, kind, key, value) SELECT $3, $4, 2, key, $2 FROM d
                        """);
                command.Parameters.Add(Bytea(key));
                command.Parameters.Add(Bytea(write.Value.ToArray()));
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = revision });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = i });
                batch.BatchCommands.Add(command);
            }
            // Delivered at commit to every replica listening (see ListenAsync); watchers poll as well, so a lost
            // notification only delays them.
            var notify = new NpgsqlBatchCommand("SELECT pg_notify($1, $2)");
            notify.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _channel });
            notify.Parameters.Add(new NpgsqlParameter<string> { TypedValue = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            batch.BatchCommands.Add(notify);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        _signal.Pulse();
        return TransactionResult.Success(revision);
    }

    public async Task<IReadOnlyList<Change>> ReadChangesAsync(long afterRevision, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        // Whole transactions only: up to the revision of the limit-th change after the cursor; one snapshot with the compaction mark.
        await using var command = _source.CreateCommand($"""
            SELECT m.value, c.revision, c.kind, c.key, c.value
            FROM {_s}.meta m
            LEFT JOIN LATERAL (
                SELECT revision, seq, kind, key, value FROM {_s}.changes
                WHERE revision > $1 AND revision <= (SELECT max(revision) FROM (SELECT revision FROM {_s}.changes WHERE revision > $1 ORDER BY revision, seq LIMIT $2) x)
            ) c ON true
            WHERE m.name = 'compacted'
            ORDER BY c.revision, c.seq
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterRevision });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var changes = new List<Change>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var compacted = reader.GetInt64(0);
            if (afterRevision < compacted) throw new ChangeFeedCompactedException(afterRevision, compacted);
            if (reader.IsDBNull(1)) break;
            changes.Add(new Change(reader.GetInt64(1), (ChangeKind)reader.GetInt16(2), StorageKeys.Decode(reader.GetFieldValue<byte[]>(3)),
                reader.IsDBNull(4) ? ReadOnlyMemory<byte>.Empty : reader.GetFieldValue<byte[]>(4)));
        }
        return changes;
    }

    public IAsyncEnumerable<Change> WatchAsync(long afterRevision, CancellationToken cancellationToken = default)
    {
        lock (_listenerGate)
            _listener ??= Task.Run(() => ListenAsync(_closing.Token));
        return ChangeFeed.WatchAsync(this, afterRevision, _signal, _options.ChangePollInterval, _options.TimeProvider, cancellationToken);
    }

    /// <summary>
    /// Wakes local watchers when any replica commits (LISTEN/NOTIFY), so they need not wait for the next poll.
    /// It only speeds the feed up: watchers poll regardless, so when the listening connection fails it is
    /// reopened after a pause and nothing is lost meanwhile.
    /// </summary>
    private async Task ListenAsync(CancellationToken closing)
    {
        while (!closing.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _source.OpenConnectionAsync(closing).ConfigureAwait(false);
                connection.Notification += (_, _) => _signal.Pulse();
                await using (var listen = new NpgsqlCommand($"LISTEN \"{_channel}\"", connection))
                    await listen.ExecuteNonQueryAsync(closing).ConfigureAwait(false);
                // Commits made before LISTEN took effect are picked up by the watchers' next read.
                _signal.Pulse();
                while (true) await connection.WaitAsync(closing).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (closing.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException)
            {
                // The server went away or restarted: polling carries the feed until we can listen again.
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _options.TimeProvider, closing).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async Task CompactChangesAsync(long throughRevision, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(throughRevision);
        var current = await GetRevisionAsync(cancellationToken).ConfigureAwait(false);
        if (throughRevision > current)
            throw new ArgumentOutOfRangeException(nameof(throughRevision), throughRevision, $"the store is only at revision {current}");
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand($"""
            WITH d AS (DELETE FROM {_s}.changes WHERE revision <= $1)
            UPDATE {_s}.meta SET value = greatest(value, $1) WHERE name = 'compacted'
            """, connection, tx))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = throughRevision });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> AppendAuditAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        // The counter row's lock is held to the end of this statement's transaction, so positions commit in order
        // and a reader following the log never sees position n+1 before n.
        await using var command = _source.CreateCommand($"""
            WITH p AS (UPDATE {_s}.meta SET value = value + 1 WHERE name = 'audit' RETURNING value)
            INSERT INTO {_s}.audit(position, time, data) SELECT value, $1, $2 FROM p RETURNING position
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = _options.TimeProvider.GetUtcNow() });
        command.Parameters.Add(Bytea(data));
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)
                      ?? throw new StorageException($"schema {_options.Schema}: meta row 'audit' is missing"));
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(long fromPosition, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromPosition, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = _source.CreateCommand($"SELECT position, time, data FROM {_s}.audit WHERE position >= $1 ORDER BY position LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromPosition });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            records.Add(new AuditRecord(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<byte[]>(2)));
        return records;
    }

    public async Task<long> PutBlobAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        StorageKeys.ValidateBlobName(name);
        ArgumentNullException.ThrowIfNull(content);
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        // Two replicas replacing the same blob take turns instead of colliding on the chunk keys.
        await using (var serialize = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('sekisho-blob:' || $1 || ':' || $2))", connection, tx))
        {
            serialize.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _options.Schema });
            serialize.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            await serialize.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var clear = new NpgsqlCommand($"DELETE FROM {_s}.blob_chunks WHERE name = $1", connection, tx))
        {
            clear.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var buffer = new byte[BlobChunkSize];
        long length = 0;
        var chunks = 0;
        while (true)
        {
            var filled = await FillAsync(content, buffer, cancellationToken).ConfigureAwait(false);
            if (filled == 0) break;
            await using (var insert = new NpgsqlCommand($"INSERT INTO {_s}.blob_chunks(name, seq, data) VALUES ($1, $2, $3)", connection, tx))
            {
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
                insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = chunks });
                insert.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = buffer.AsMemory(0, filled), NpgsqlDbType = NpgsqlDbType.Bytea });
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            chunks++;
            length += filled;
            if (filled < buffer.Length) break;
        }
        await using (var head = new NpgsqlCommand($"""
            INSERT INTO {_s}.blobs(name, length, chunks, created) VALUES ($1, $2, $3, $4)
            ON CONFLICT (name) DO UPDATE SET length = EXCLUDED.length, chunks = EXCLUDED.chunks, created = EXCLUDED.created
            """, connection, tx))
        {
            head.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            head.Parameters.Add(new NpgsqlParameter<long> { TypedValue = length });
            head.Parameters.Add(new NpgsqlParameter<int> { TypedValue = chunks });
            head.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = _options.TimeProvider.GetUtcNow() });
            await head.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return length;
    }

    public async Task<bool> ReadBlobAsync(string name, Stream destination, CancellationToken cancellationToken = default)
    {
        StorageKeys.ValidateBlobName(name);
        ArgumentNullException.ThrowIfNull(destination);
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // A snapshot, so a concurrent replacement is seen entirely or not at all.
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        int chunks;
        await using (var head = new NpgsqlCommand($"SELECT chunks FROM {_s}.blobs WHERE name = $1", connection, tx))
        {
            head.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            var found = await head.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (found is null) return false;
            chunks = (int)found;
        }
        for (var seq = 0; seq < chunks; seq++)
        {
            await using var read = new NpgsqlCommand($"SELECT data FROM {_s}.blob_chunks WHERE name = $1 AND seq = $2", connection, tx);
            read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            read.Parameters.Add(new NpgsqlParameter<int> { TypedValue = seq });
            var data = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[]
                       ?? throw new StorageException($"blob '{name}' is missing chunk {seq} of {chunks}");
            await destination.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> DeleteBlobAsync(string name, CancellationToken cancellationToken = default)
    {
        StorageKeys.ValidateBlobName(name);
        await using var command = _source.CreateCommand($"""
            WITH c AS (DELETE FROM {_s}.blob_chunks WHERE name = $1)
            DELETE FROM {_s}.blobs WHERE name = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private static NpgsqlParameter<byte[]> Bytea(byte[] value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Bytea };

    private static NpgsqlParameter<ReadOnlyMemory<byte>> Bytea(ReadOnlyMemory<byte> value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Bytea };

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

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync().ConfigureAwait(false);
        Task? listener;
        lock (_listenerGate) listener = _listener;
        if (listener is not null) await listener.ConfigureAwait(false);
        _closing.Dispose();
        await _source.DisposeAsync().ConfigureAwait(false);
    }
}

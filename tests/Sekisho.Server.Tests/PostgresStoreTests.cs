using Npgsql;
using Sekisho.Server.Storage;
using Sekisho.Server.Storage.Postgres;

namespace Sekisho.Server.Tests;

/// <summary>
/// The storage contract on PostgreSQL: each test gets its own schema in the database named by
/// SEKISHO_TEST_POSTGRES, dropped afterwards.
/// </summary>
public sealed class PostgresStoreTests : StoreContractTests
{
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N");

    protected override async Task<IStore> OpenStoreAsync() =>
        await PostgresStore.OpenAsync(new PostgresStoreOptions(TestPostgres.ConnectionString)
        {
            Schema = _schema,
            TimeProvider = Clock,
            ChangePollInterval = TimeSpan.FromMilliseconds(50),
        });

    protected override int KnownSchemaVersions => PostgresMigrations.Versions.Count;

    protected override Task<long> SchemaVersionAsync(IStore store) => ((PostgresStore)store).GetSchemaVersionAsync();

    protected override async Task DestroyAsync()
    {
        if (!TestPostgres.IsConfigured) return;
        await using var source = NpgsqlDataSource.Create(TestPostgres.ConnectionString);
        await using var drop = source.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
        await drop.ExecuteNonQueryAsync();
    }

    // ---- PostgreSQL-specific ----

    [Fact]
    public async Task Watchers_are_woken_by_notifications_from_other_replicas_without_waiting_for_a_poll()
    {
        await using var slowPoller = await PostgresStore.OpenAsync(new PostgresStoreOptions(TestPostgres.ConnectionString)
        {
            Schema = _schema,
            ChangePollInterval = TimeSpan.FromMinutes(5),
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watch = slowPoller.WatchAsync(await Store.GetRevisionAsync(), cts.Token).GetAsyncEnumerator(cts.Token);
        // The first read finds nothing and the watcher then sleeps for the (long) poll interval.
        var first = watch.MoveNextAsync().AsTask();
        // Long enough for the listener to have issued LISTEN, so its own start-up wake-up cannot deliver the change.
        await Task.Delay(1500);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var revision = await Store.PutAsync("/notify/k", "v"u8.ToArray());
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(revision, watch.Current.Revision);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20));
        await watch.DisposeAsync();
    }

    [Fact]
    public async Task Large_audit_records_are_stored_lz4_compressed_and_read_back_whole()
    {
        // A batch of JSON events, as the audit writer appends them: large and repetitive enough to be compressed.
        var line = "{\"eventName\":\"GetCallerIdentity\",\"eventSource\":\"sts.amazonaws.com\",\"sourceIPAddress\":\"127.0.0.1\"}\n"u8.ToArray();
        var record = new byte[line.Length * 500];
        for (var i = 0; i < 500; i++) line.CopyTo(record, i * line.Length);
        var position = await Store.AppendAuditAsync(record);

        var read = Assert.Single(await Store.ReadAuditAsync(position, 10));
        Assert.True(read.Data.Span.SequenceEqual(record));
        await using var source = NpgsqlDataSource.Create(TestPostgres.ConnectionString);
        await using var method = source.CreateCommand($"SELECT pg_column_compression(data) FROM \"{_schema}\".audit WHERE position = $1");
        method.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        Assert.Equal("lz4", await method.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_schema_newer_than_this_build_is_refused()
    {
        await using (var source = NpgsqlDataSource.Create(TestPostgres.ConnectionString))
        await using (var bump = source.CreateCommand($"INSERT INTO \"{_schema}\".schema_versions(version, applied) VALUES ({PostgresMigrations.Versions.Count + 5}, now())"))
            await bump.ExecuteNonQueryAsync();
        var e = await Assert.ThrowsAsync<StorageException>(() => OpenStoreAsync());
        Assert.Contains("newer than this build", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_schema_names_are_rejected_before_connecting()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => PostgresStore.OpenAsync(new PostgresStoreOptions("Host=invalid.invalid") { Schema = "Robert'); DROP TABLE x;--" }));
        Assert.Contains("schema name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_replacements_of_one_blob_from_two_replicas_both_succeed_and_one_wins_whole()
    {
        var other = await OpenAsync();
        var a = new byte[600_000];
        var b = new byte[400_000];
        Array.Fill(a, (byte)'a');
        Array.Fill(b, (byte)'b');
        for (var i = 0; i < 5; i++)
        {
            await Task.WhenAll(Store.PutBlobAsync("shared", new MemoryStream(a)), other.PutBlobAsync("shared", new MemoryStream(b)));
            var read = new MemoryStream();
            Assert.True(await Store.ReadBlobAsync("shared", read));
            var bytes = read.ToArray();
            Assert.True(bytes.SequenceEqual(a) || bytes.SequenceEqual(b), "a blob must be one writer's bytes, never a mix");
        }
    }
}

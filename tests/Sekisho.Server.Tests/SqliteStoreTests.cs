using Sekisho.Server.Storage;
using Sekisho.Server.Storage.Sqlite;
using Sekisho.Server.Storage.Sqlite.Native;

namespace Sekisho.Server.Tests;

/// <summary>The storage contract on the embedded SQLite store, one temporary data folder per test.</summary>
public sealed class SqliteStoreTests : StoreContractTests
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "sekisho-sqlite-" + Guid.NewGuid().ToString("N"));

    protected override async Task<IStore> OpenStoreAsync() =>
        await SqliteStore.OpenAsync(new SqliteStoreOptions(_dataDirectory)
        {
            TimeProvider = Clock,
            ChangePollInterval = TimeSpan.FromMilliseconds(50),
        });

    protected override int KnownSchemaVersions => SqliteMigrations.Versions.Count;

    protected override Task<long> SchemaVersionAsync(IStore store) => ((SqliteStore)store).GetSchemaVersionAsync();

    protected override Task DestroyAsync()
    {
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
        return Task.CompletedTask;
    }

    // ---- SQLite-specific: file format, durability settings, errors ----

    private string DatabasePath => Path.Combine(_dataDirectory, SqliteStoreOptions.DefaultFileName);

    [Fact]
    public async Task The_database_file_is_in_WAL_mode_in_the_data_folder()
    {
        await Store.PutAsync("/k", "v"u8.ToArray());
        Assert.True(File.Exists(DatabasePath));
        Assert.True(File.Exists(DatabasePath + "-wal"), "a committed write in WAL mode leaves a -wal file beside the database");
        using var probe = SqliteConnection.Open(DatabasePath, readOnly: true, TimeSpan.FromSeconds(1));
        var mode = probe.Statement("PRAGMA journal_mode");
        Assert.True(mode.Step());
        Assert.Equal("wal", mode.GetText(0));
        probe.ResetStatements();
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_fails_with_sqlite_code_and_path()
    {
        await Store.DisposeAsync();
        var other = Path.Combine(_dataDirectory, "garbage");
        Directory.CreateDirectory(other);
        await File.WriteAllTextAsync(Path.Combine(other, SqliteStoreOptions.DefaultFileName), new string('x', 8192));
        var e = await Assert.ThrowsAsync<SqliteException>(() => SqliteStore.OpenAsync(new SqliteStoreOptions(other)));
        Assert.Equal(26, e.PrimaryCode); // SQLITE_NOTADB
        Assert.Contains("not a database", e.Message, StringComparison.Ordinal);
        Assert.Contains(other, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_newer_than_this_build_is_refused()
    {
        await Store.DisposeAsync();
        using (var raw = SqliteConnection.Open(DatabasePath, readOnly: false, TimeSpan.FromSeconds(1)))
            raw.Execute($"INSERT INTO schema_versions(version, applied_ms) VALUES ({SqliteMigrations.Versions.Count + 5}, 0)");
        var e = await Assert.ThrowsAsync<StorageException>(() => OpenStoreAsync());
        Assert.Contains("newer than this build", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sql_errors_name_the_statement_and_the_reason()
    {
        await Store.PutAsync("/k", "v"u8.ToArray());
        using var raw = SqliteConnection.Open(DatabasePath, readOnly: false, TimeSpan.FromSeconds(1));
        var syntax = Assert.Throws<SqliteException>(() => raw.Prepare("SELEKT 1"));
        Assert.Equal(1, syntax.PrimaryCode); // SQLITE_ERROR
        Assert.Contains("syntax error", syntax.SqliteMessage, StringComparison.Ordinal);
        Assert.Equal("SELEKT 1", syntax.Sql);
        var duplicate = raw.Statement("INSERT INTO kv(key, value, revision) VALUES (?1, ?2, 1)").Bind(1, "/k"u8).Bind(2, "w"u8);
        var constraint = Assert.Throws<SqliteException>(duplicate.Run);
        Assert.Equal(19, constraint.PrimaryCode); // SQLITE_CONSTRAINT
        Assert.Contains("UNIQUE", constraint.SqliteMessage, StringComparison.Ordinal);
        raw.ResetStatements();
    }

    /// <summary>An audit record as the server writes one: JSON lines of similar calls.</summary>
    private static byte[] AuditBatch(int calls) => System.Text.Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, calls).Select(i =>
        $$"""{"time":"2026-11-21T23:12:29.{{i:D7}}+00:00","requestId":"{{Guid.NewGuid()}}","service":"sts","operation":"AssumeRole","action":"sts:AssumeRole","callerArn":"arn:aws:iam::111122223333:user/admin","resources":["arn:aws:iam::111122223333:role/R{{i % 7}}"],"decision":"Allowed","httpStatus":200}""")));

    [Fact]
    public async Task Audit_records_are_stored_compressed_and_read_back_as_appended()
    {
        var batch = AuditBatch(200);
        var position = await Store.AppendAuditAsync(batch);
        Assert.Equal(batch, (await Store.ReadAuditAsync(position, 1)).Single().Data.ToArray());
        using var raw = SqliteConnection.Open(DatabasePath, readOnly: true, TimeSpan.FromSeconds(1));
        var s = raw.Statement("SELECT length(data), encoding FROM audit WHERE position = ?1").Bind(1, position);
        Assert.True(s.Step());
        var (stored, encoding) = (s.GetInt64(0), s.GetInt64(1));
        raw.ResetStatements();
        Assert.Equal(1, encoding);
        Assert.True(stored * 4 < batch.Length, $"{batch.Length} bytes of JSON lines were stored as {stored}");
    }

    [Fact]
    public async Task Audit_records_of_a_version_1_file_read_unchanged_after_the_upgrade()
    {
        await Store.DisposeAsync();
        var old = Path.Combine(_dataDirectory, "v1");
        Directory.CreateDirectory(old);
        var before = AuditBatch(3);
        using (var raw = SqliteConnection.Open(Path.Combine(old, SqliteStoreOptions.DefaultFileName), readOnly: false, TimeSpan.FromSeconds(1)))
        {
            raw.Execute("CREATE TABLE schema_versions(version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)");
            raw.Execute(SqliteMigrations.Versions[0]);
            raw.Execute("INSERT INTO schema_versions(version, applied_ms) VALUES (1, 0)");
            raw.Statement("INSERT INTO audit(time_ms, data) VALUES (0, ?1)").Bind(1, before).Run();
            raw.ResetStatements();
        }
        await using var upgraded = await SqliteStore.OpenAsync(new SqliteStoreOptions(old));
        Assert.Equal(SqliteMigrations.Versions.Count, await upgraded.GetSchemaVersionAsync());
        var after = AuditBatch(3);
        var next = await upgraded.AppendAuditAsync(after);
        var records = await upgraded.ReadAuditAsync(1, 10);
        Assert.Equal([1, next], records.Select(r => r.Position));
        Assert.Equal(before, records[0].Data.ToArray());
        Assert.Equal(after, records[1].Data.ToArray());
    }

    [Fact]
    public async Task An_audit_record_in_an_unknown_encoding_fails_naming_its_position()
    {
        var position = await Store.AppendAuditAsync(AuditBatch(2));
        using (var raw = SqliteConnection.Open(DatabasePath, readOnly: false, TimeSpan.FromSeconds(1)))
            raw.Execute($"UPDATE audit SET encoding = 7 WHERE position = {position}");
        var e = await Assert.ThrowsAsync<StorageException>(() => Store.ReadAuditAsync(position, 1));
        Assert.Contains($"audit record {position} has encoding 7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Statements_round_trip_integers_text_blobs_and_null()
    {
        Directory.CreateDirectory(_dataDirectory);
        using var raw = SqliteConnection.Open(Path.Combine(_dataDirectory, "scratch.db"), readOnly: false, TimeSpan.FromSeconds(1));
        var s = raw.Statement("SELECT ?1, ?2, ?3, ?4, ?5").Bind(1, long.MinValue).Bind(2, "héllo 😀").Bind(3, new byte[] { 0, 255, 7 }).BindNull(4).Bind(5, ReadOnlySpan<byte>.Empty);
        Assert.True(s.Step());
        Assert.Equal(long.MinValue, s.GetInt64(0));
        Assert.Equal("héllo 😀", s.GetText(1));
        Assert.Equal(new byte[] { 0, 255, 7 }, s.GetBlob(2));
        Assert.True(s.IsNull(3));
        Assert.False(s.IsNull(4)); // an empty blob is not NULL
        Assert.Empty(s.GetBlob(4));
        Assert.False(s.Step());
        raw.ResetStatements();
    }
}

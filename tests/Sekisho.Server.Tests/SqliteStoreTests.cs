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

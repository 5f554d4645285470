using Sekisho.Server.Storage;
using Sekisho.Server.Storage.Sqlite;

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
}

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
}

namespace Sekisho.Server.Storage.Postgres;

/// <summary>How to reach the shared PostgreSQL store. Every replica of a deployment uses the same schema.</summary>
public sealed record PostgresStoreOptions(string ConnectionString)
{
    public const string DefaultSchema = "sekisho";

    /// <summary>The schema holding Sekisho's tables (created when missing); lower-case letters, digits and '_'.</summary>
    public string Schema { get; init; } = DefaultSchema;

    /// <summary>How often watchers poll for commits made by other replicas.</summary>
    public TimeSpan ChangePollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

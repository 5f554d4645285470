namespace Sekisho.Server.Hosting;

/// <summary>How <c>sekisho server run</c> starts: the data folder, the listen URL, and optionally PostgreSQL instead of SQLite.</summary>
public sealed record ServerOptions(string DataDirectory, Uri Listen, string? PostgresConnectionString = null)
{
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

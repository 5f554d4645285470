namespace Sekisho.Server.Storage.Sqlite;

/// <summary>Where and how to open the embedded store.</summary>
public sealed record SqliteStoreOptions(string DataDirectory)
{
    public const string DefaultFileName = "sekisho.db";

    public string FileName { get; init; } = DefaultFileName;

    /// <summary>How long a statement waits for a lock held by another process before failing with SQLITE_BUSY.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often watchers look for commits made by other processes on the same file.</summary>
    public TimeSpan ChangePollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Idle reader connections kept open for reuse.</summary>
    public int MaxIdleReaders { get; init; } = 8;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public string DatabasePath => Path.Combine(DataDirectory, FileName);
}

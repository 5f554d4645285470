using Sekisho.Server.Storage.Sqlite;

namespace Sekisho.Server.Tests;

/// <summary>
/// A real SQLite store in a fresh temporary data folder, both gone on dispose: the set-up of the tests that need a
/// store and nothing else of the server.
/// </summary>
public sealed class TempSqliteStore : IAsyncDisposable
{
    private TempSqliteStore(string directory, SqliteStore store)
    {
        Directory = directory;
        Store = store;
    }

    /// <summary>The data folder (the store's file is in it; tests may put other files there too).</summary>
    public string Directory { get; }

    public SqliteStore Store { get; }

    /// <param name="name">Part of the folder's name, to tell the tests' folders apart.</param>
    public static async Task<TempSqliteStore> OpenAsync(string name)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory($"sekisho-{name}-").FullName;
        return new TempSqliteStore(directory, await SqliteStore.OpenAsync(new SqliteStoreOptions(directory)));
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

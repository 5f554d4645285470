using System.Text.Json;
using Sekisho.Server.Storage;
using Sekisho.Server.Storage.Postgres;
using Sekisho.Server.Storage.Sqlite;

namespace Sekisho.Server.Hosting;

/// <summary>
/// The data folder: <c>master.key</c>, <c>server.json</c> (account and region chosen at init), the SQLite store
/// (unless PostgreSQL is used), <c>admin.credentials</c>, and the TLS certificate.
/// </summary>
public static class DataFolder
{
    public const string SettingsFile = "server.json";
    public const string CredentialsFile = "admin.credentials";

    public sealed record Settings(string ManagementAccountId, string Region, string AdministratorUserName);

    public static async Task<IStore> OpenStoreAsync(string dataDirectory, string? postgres, TimeProvider time, CancellationToken cancellationToken = default) =>
        postgres is null
            ? await SqliteStore.OpenAsync(new SqliteStoreOptions(dataDirectory) { TimeProvider = time }, cancellationToken)
            : await PostgresStore.OpenAsync(new PostgresStoreOptions(postgres) { TimeProvider = time }, cancellationToken);

    public static void WriteSettings(string dataDirectory, Settings settings) =>
        File.WriteAllText(Path.Combine(dataDirectory, SettingsFile), JsonSerializer.Serialize(settings, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));

    public static Settings ReadSettings(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, SettingsFile);
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing: run 'sekisho server init --data {dataDirectory}' first");
        return JsonSerializer.Deserialize<Settings>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
               ?? throw new InvalidOperationException($"{path} is empty");
    }

    /// <summary>Writes a file readable by its owner only (0600) from the moment it exists.</summary>
    public static void WritePrivateFile(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}

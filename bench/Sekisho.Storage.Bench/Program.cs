using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sekisho.Server.Storage;
using Sekisho.Server.Storage.Postgres;
using Sekisho.Server.Storage.Sqlite;

// Throughput of the storage backends on this machine:
//   dotnet run -c Release --project bench/Sekisho.Storage.Bench -- sqlite
//   dotnet run -c Release --project bench/Sekisho.Storage.Bench -- postgres "<connection string>"
if (args.Length < 1 || (args[0] == "postgres" && args.Length < 2))
{
    await Console.Error.WriteLineAsync("usage: Sekisho.Storage.Bench sqlite | postgres <connection-string>");
    return 2;
}
var directory = Path.Combine(Path.GetTempPath(), "sekisho-bench-" + Guid.NewGuid().ToString("N"));
var schema = "bench_" + Guid.NewGuid().ToString("N");
IStore store = args[0] == "sqlite"
    ? await SqliteStore.OpenAsync(new SqliteStoreOptions(directory))
    : await PostgresStore.OpenAsync(new PostgresStoreOptions(args[1]) { Schema = schema });
try
{
    var value = Encoding.UTF8.GetBytes(new string('v', 512));
    const int sequential = 1000, writers = 8, perWriter = 250, readers = 8, perReader = 5000;

    var sw = Stopwatch.StartNew();
    for (var i = 0; i < sequential; i++) await store.PutAsync($"/bench/seq/{i:D6}", value);
    Report("put, 1 writer", sequential, sw.Elapsed);

    sw.Restart();
    await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
    {
        for (var i = 0; i < perWriter; i++) await store.PutAsync($"/bench/par/{w}/{i:D6}", value);
    })));
    Report($"put, {writers} writers", writers * perWriter, sw.Elapsed);

    sw.Restart();
    await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
    {
        for (var i = 0; i < perWriter; i++) await store.AppendAuditAsync(value);
    })));
    Report($"audit append, {writers} writers", writers * perWriter, sw.Elapsed);

    sw.Restart();
    await Task.WhenAll(Enumerable.Range(0, readers).Select(r => Task.Run(async () =>
    {
        for (var i = 0; i < perReader; i++)
            if (await store.GetAsync($"/bench/seq/{(i * 7 + r) % sequential:D6}") is null) throw new InvalidOperationException("missing key");
    })));
    Report($"get, {readers} readers", readers * perReader, sw.Elapsed);

    sw.Restart();
    var scanned = 0;
    for (var round = 0; round < 20; round++)
    {
        string? after = null;
        while (true)
        {
            var page = await store.ScanAsync(new ScanRequest("/bench/seq/", after, 100));
            scanned += page.Items.Count;
            if (!page.More) break;
            after = page.NextStartAfter;
        }
    }
    Report("scan (items, pages of 100)", scanned, sw.Elapsed);
    return 0;
}
finally
{
    await store.DisposeAsync();
    if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    if (args[0] == "postgres")
    {
        await using var source = Npgsql.NpgsqlDataSource.Create(args[1]);
        await using var drop = source.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        await drop.ExecuteNonQueryAsync();
    }
}

static void Report(string what, int count, TimeSpan elapsed) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-32} {count,7} ops in {elapsed.TotalSeconds,6:F2} s = {count / elapsed.TotalSeconds,9:F0} ops/s"));

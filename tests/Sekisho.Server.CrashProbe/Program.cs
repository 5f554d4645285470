using System.Globalization;
using System.Text;
using Sekisho.Server.Storage;
using Sekisho.Server.Storage.Postgres;
using Sekisho.Server.Storage.Sqlite;
using Sekisho.Server.CrashProbe;

// Writes to a store as fast as it can and prints one line per write only after the store acknowledged it:
//   kv <key> .          the key now holds CrashProbeValues.For(key)
//   audit <position> .  audit position holds CrashProbeValues.ForAudit(round, n)
// The crash test kills this process with SIGKILL at a random moment and checks every printed line on reopen.
// The trailing " ." marks a complete line, so a line cut by the kill is never trusted.
if (args.Length < 3)
{
    await Console.Error.WriteLineAsync("usage: Sekisho.Server.CrashProbe sqlite <data-dir> <round> | postgres <connection-string> <schema> <round>");
    return 2;
}

await using IStore store = args[0] switch
{
    "sqlite" => await SqliteStore.OpenAsync(new SqliteStoreOptions(args[1])),
    "postgres" => await PostgresStore.OpenAsync(new PostgresStoreOptions(args[1]) { Schema = args[2] }),
    _ => throw new ArgumentException($"unknown backend '{args[0]}'"),
};
var round = args[^1];
var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
await output.WriteLineAsync("ready .");
for (var n = 0; ; n++)
{
    var key = $"/crash/{round}/{n.ToString("D8", CultureInfo.InvariantCulture)}";
    await store.PutAsync(key, Encoding.UTF8.GetBytes(CrashProbeValues.For(key)));
    await output.WriteLineAsync($"kv {key} .");
    if (n % 4 == 0)
    {
        var position = await store.AppendAuditAsync(Encoding.UTF8.GetBytes(CrashProbeValues.ForAudit(round, n)));
        await output.WriteLineAsync($"audit {position.ToString(CultureInfo.InvariantCulture)} {round} {n.ToString(CultureInfo.InvariantCulture)} .");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using Sekisho.Server.CrashProbe;
using Sekisho.Server.Storage;
using Sekisho.Server.Storage.Postgres;
using Sekisho.Server.Storage.Sqlite;

namespace Sekisho.Server.Tests;

/// <summary>
/// Kills a process that writes as fast as it can (SIGKILL, at a random moment, several rounds), reopens the
/// store and checks that every write the process reported as acknowledged is there with its value.
/// </summary>
public sealed class CrashTests
{
    private const int Rounds = 3;

    [Fact]
    public async Task Sqlite_store_keeps_every_acknowledged_write_across_SIGKILL()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "sekisho-crash-" + Guid.NewGuid().ToString("N"));
        try
        {
            var acknowledged = new List<Ack>();
            for (var round = 1; round <= Rounds; round++)
            {
                acknowledged.AddRange(await RunAndKillAsync(["sqlite", dataDirectory, $"r{round}"]));
                await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions(dataDirectory));
                await VerifyAsync(store, acknowledged, round);
            }
        }
        finally
        {
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Postgres_store_keeps_every_acknowledged_write_when_the_writer_is_killed()
    {
        var connectionString = TestPostgres.ConnectionString;
        var schema = "crash_" + Guid.NewGuid().ToString("N");
        try
        {
            var acknowledged = new List<Ack>();
            for (var round = 1; round <= Rounds; round++)
            {
                acknowledged.AddRange(await RunAndKillAsync(["postgres", connectionString, schema, $"r{round}"]));
                await using var store = await PostgresStore.OpenAsync(new PostgresStoreOptions(connectionString) { Schema = schema });
                await VerifyAsync(store, acknowledged, round);
            }
        }
        finally
        {
            await using var source = NpgsqlDataSource.Create(connectionString);
            await using var drop = source.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }

    private sealed record Ack(string Kind, string Key, long Position, string Round, int N);

    private static async Task VerifyAsync(IStore store, List<Ack> acknowledged, int rounds)
    {
        foreach (var ack in acknowledged)
        {
            if (ack.Kind == "kv")
            {
                var item = await store.GetAsync(ack.Key);
                Assert.True(item is not null, $"acknowledged key {ack.Key} is missing after the kill");
                Assert.Equal(CrashProbeValues.For(ack.Key), Encoding.UTF8.GetString(item.Value.Span));
            }
            else
            {
                var record = Assert.Single(await store.ReadAuditAsync(ack.Position, 1));
                Assert.Equal(ack.Position, record.Position);
                Assert.Equal(CrashProbeValues.ForAudit(ack.Round, ack.N), Encoding.UTF8.GetString(record.Data.Span));
            }
        }
        // Writes were sequential, so what survived of each round is an unbroken run from its first key.
        for (var round = 1; round <= rounds; round++)
        {
            var keys = new List<string>();
            string? after = null;
            while (true)
            {
                var page = await store.ScanAsync(new ScanRequest($"/crash/r{round}/", after, 1000));
                keys.AddRange(page.Items.Select(i => i.Key));
                if (!page.More) break;
                after = page.NextStartAfter;
            }
            for (var i = 0; i < keys.Count; i++) Assert.Equal($"/crash/r{round}/{i.ToString("D8", CultureInfo.InvariantCulture)}", keys[i]);
            Assert.True(keys.Count >= acknowledged.Count(a => a.Kind == "kv" && a.Round == $"r{round}"));
        }
    }

    private static async Task<List<Ack>> RunAndKillAsync(string[] args)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "Sekisho.Server.CrashProbe.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(probe);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the crash probe");
        var lines = new List<string>();
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var minimum = Random.Shared.Next(50, 400);
            var reading = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (lines) lines.Add(line);
                    if (lines.Count >= minimum) enough.TrySetResult();
                }
                enough.TrySetResult();
            });
            await enough.Task.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            // The message must not await stderr unless the probe is gone: stderr ends only when the process does.
            if (process.HasExited) Assert.Fail($"the probe exited by itself with code {process.ExitCode}: {await stderr}");
            await Task.Delay(Random.Shared.Next(5, 200));
            process.Kill(); // SIGKILL on Unix: no finalizers, no flush, no chance to finish the write in flight.
            await process.WaitForExitAsync();
            await reading.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            // A failed assertion above must not leave the probe running.
            if (!process.HasExited) process.Kill();
        }
        Assert.Equal(137, process.ExitCode);
        var acks = new List<Ack>();
        foreach (var line in lines)
        {
            // A line cut by the kill lacks the closing " ." and proves nothing.
            if (!line.EndsWith(" .", StringComparison.Ordinal)) continue;
            var parts = line.Split(' ');
            switch (parts[0])
            {
                case "ready":
                    break;
                case "kv":
                    acks.Add(new Ack("kv", parts[1], 0, "", 0));
                    break;
                case "audit":
                    acks.Add(new Ack("audit", "", long.Parse(parts[1], CultureInfo.InvariantCulture), parts[2], int.Parse(parts[3], CultureInfo.InvariantCulture)));
                    break;
                default:
                    throw new InvalidOperationException($"unexpected probe output: {line}");
            }
        }
        Assert.True(acks.Count > 0, "the probe acknowledged nothing before it was killed");
        return acks;
    }
}

using System.Collections.Concurrent;
using System.Net;
using Npgsql;
using Sekisho.Protocol.Signing;
using Sekisho.TestSupport;
using Xunit.Abstractions;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// Crash safety of the real server process: concurrent signed writers (CreateUser with tags, PutUserPolicy,
/// TagUser, CreateAccessKey) record every write the server acknowledged with a 200; the server is killed with
/// SIGKILL while they run, restarted on the same data (SQLite file, or PostgreSQL database), and every
/// acknowledged write must be there, whole, with nothing half-written visible. Three kill points per store.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Writers = 6;

    /// <summary>Acknowledged writes before each kill: early, middle, later in a server's life.</summary>
    private static readonly int[] KillAfter = [5, 40, 120];

    private static string Policy(int i, string user) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Sid":"S{{i}}","Effect":"Allow","Action":["iam:GetUser","iam:ListUserTags"],"Resource":"arn:aws:iam::*:user/crash/{{user}}"}]}""";

    public static TheoryData<string> Stores()
    {
        var stores = new TheoryData<string> { "sqlite" };
        // PostgreSQL when configured, and always under CI, where a missing server must fail, never skip.
        if (Environment.GetEnvironmentVariable("SEKISHO_TEST_POSTGRES") is { Length: > 0 } || RepoPaths.IsCi) stores.Add("postgres");
        return stores;
    }

    private sealed class Ledger
    {
        public readonly ConcurrentDictionary<string, bool> Attempted = new();
        public readonly ConcurrentDictionary<string, bool> Users = new();
        public readonly ConcurrentDictionary<string, string> Policies = new();
        public readonly ConcurrentDictionary<string, string> LaterTags = new();
        public readonly ConcurrentDictionary<string, SigV4Credentials> Keys = new();
        public readonly ConcurrentQueue<string> Unexpected = new();
        public int Acknowledged;
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task EveryAcknowledgedWriteSurvivesSigkill_AndNothingHalfWrittenIsVisible(string store)
    {
        string? database = null;
        string? connection = null;
        if (store == "postgres") (database, connection) = await CreateDatabaseAsync();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var server = new ServerProcess(connection);
            await server.InitializeAsync();
            output.WriteLine($"{store}: initialised and started in {clock.Elapsed.TotalSeconds:F1} s");
            try
            {
                var ledger = new Ledger();
                for (var round = 0; round < KillAfter.Length; round++)
                {
                    clock.Restart();
                    await WriteUntilKilledAsync(server, ledger, round, KillAfter[round]);
                    var written = clock.Elapsed;
                    await server.StartAsync();
                    var restarted = clock.Elapsed;
                    var present = await VerifyAsync(server, ledger);
                    output.WriteLine($"{store} round {round}: {ledger.Acknowledged} writes acknowledged in all, {present} users present of {ledger.Attempted.Count} attempted; " +
                        $"write+kill {written.TotalSeconds:F1} s, restart {(restarted - written).TotalSeconds:F1} s, verify {(clock.Elapsed - restarted).TotalSeconds:F1} s");
                }
            }
            finally
            {
                await server.DisposeAsync();
            }
        }
        finally
        {
            if (database is not null) await DropDatabaseAsync(database);
        }
    }

    private static async Task WriteUntilKilledAsync(ServerProcess server, Ledger ledger, int round, int killAfter)
    {
        var client = new SignedClient(server);
        var iam = new IamQuery(client);
        var admin = client.Admin;
        var killed = 0;
        var target = ledger.Acknowledged + killAfter;
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        void Acknowledged()
        {
            if (Interlocked.Increment(ref ledger.Acknowledged) >= target) enough.TrySetResult();
        }

        async Task<bool> WriteAsync(string action, params (string, string)[] parameters)
        {
            IamQuery.Answer answer;
            try
            {
                answer = await iam.TryIamAsync(admin, action, parameters);
            }
            catch (HttpRequestException) when (Volatile.Read(ref killed) == 1)
            {
                return false; // in flight when the server died: either outcome is allowed
            }
            if (answer.Status == 200) return true;
            if (Volatile.Read(ref killed) == 0) ledger.Unexpected.Enqueue($"{action} answered {answer.Status}: {answer.Body}");
            return false;
        }

        async Task WriterAsync(int writer)
        {
            for (var i = 0; Volatile.Read(ref killed) == 0; i++)
            {
                var user = $"r{round}w{writer}n{i}";
                ledger.Attempted[user] = true;
                if (!await WriteAsync("CreateUser", [("UserName", user), ("Path", "/crash/"), .. IamQuery.Tags(("Round", $"{round}"), ("Writer", $"{writer}"))])) return;
                ledger.Users[user] = true;
                Acknowledged();
                var policy = Policy(i, user);
                if (!await WriteAsync("PutUserPolicy", ("UserName", user), ("PolicyName", "Crash"), ("PolicyDocument", policy))) return;
                ledger.Policies[user] = policy;
                Acknowledged();
                var later = Guid.NewGuid().ToString("N");
                if (!await WriteAsync("TagUser", [("UserName", user), .. IamQuery.Tags(("Later", later))])) return;
                ledger.LaterTags[user] = later;
                Acknowledged();
                IamQuery.Answer key;
                try
                {
                    key = await iam.TryIamAsync(admin, "CreateAccessKey", ("UserName", user));
                }
                catch (HttpRequestException) when (Volatile.Read(ref killed) == 1)
                {
                    return;
                }
                if (key.Status != 200)
                {
                    if (Volatile.Read(ref killed) == 0) ledger.Unexpected.Enqueue($"CreateAccessKey answered {key.Status}: {key.Body}");
                    return;
                }
                ledger.Keys[user] = new SigV4Credentials(key.Value("AccessKeyId"), key.Value("SecretAccessKey"));
                Acknowledged();
            }
        }

        var writers = new Task[Writers];
        for (var w = 0; w < Writers; w++)
        {
            var writer = w;
            writers[w] = Task.Run(() => WriterAsync(writer));
        }
        var first = await Task.WhenAny(enough.Task, Task.WhenAll(writers));
        Assert.True(first == enough.Task, $"the writers stopped before {killAfter} acknowledged writes: {string.Join("; ", ledger.Unexpected)}");
        Volatile.Write(ref killed, 1);
        await server.KillAsync();
        await Task.WhenAll(writers);
        Assert.True(ledger.Unexpected.IsEmpty, "writes refused before the kill: " + string.Join("; ", ledger.Unexpected.Take(5)));
    }

    /// <summary>Checks the ledger against the restarted server; returns how many users it holds.</summary>
    private static async Task<int> VerifyAsync(ServerProcess server, Ledger ledger)
    {
        var client = new SignedClient(server);
        var iam = new IamQuery(client);
        var admin = client.Admin;

        // Every user present was one the writers tried, and is whole: its creation tags came in the same write.
        var listed = new List<string>();
        string? marker = null;
        do
        {
            var page = await iam.IamAsync(admin, "ListUsers", marker is null ? [("PathPrefix", "/crash/")] : [("PathPrefix", "/crash/"), ("Marker", marker)]);
            listed.AddRange(page.Values("UserName"));
            marker = page.Xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Marker")?.Value;
        }
        while (marker is not null);
        foreach (var user in ledger.Users.Keys) Assert.Contains(user, listed);

        foreach (var user in listed)
        {
            Assert.True(ledger.Attempted.ContainsKey(user), $"{user} exists but was never created");
            var got = await iam.IamAsync(admin, "GetUser", ("UserName", user));
            Assert.Equal("/crash/", got.Value("Path"));
            var tags = await iam.IamAsync(admin, "ListUserTags", ("UserName", user));
            var keys = tags.Values("Key");
            Assert.Contains("Round", keys);
            Assert.Contains("Writer", keys);

            if (ledger.Policies.TryGetValue(user, out var policy))
            {
                var stored = await iam.IamAsync(admin, "GetUserPolicy", ("UserName", user), ("PolicyName", "Crash"));
                Assert.Equal(policy, WebUtility.UrlDecode(stored.Value("PolicyDocument")));
            }
            if (ledger.LaterTags.TryGetValue(user, out var later))
                Assert.Contains(later, tags.Values("Value"));

            // Each key listed on the user has its own record (what the authenticator reads) naming the user.
            var listedKeys = (await iam.IamAsync(admin, "ListAccessKeys", ("UserName", user))).Values("AccessKeyId");
            foreach (var keyId in listedKeys)
            {
                var owner = await iam.IamAsync(admin, "GetAccessKeyLastUsed", ("AccessKeyId", keyId));
                Assert.Equal(user, owner.Value("UserName"));
            }
            if (ledger.Keys.TryGetValue(user, out var key))
            {
                Assert.Contains(key.AccessKeyId, listedKeys);
                var who = await iam.StsAsync(key, "GetCallerIdentity");
                Assert.Equal($"arn:aws:iam::{ServerProcess.AccountId}:user/crash/{user}", who.Value("Arn"));
            }
        }
        return listed.Count;
    }

    private static async Task<(string Database, string ConnectionString)> CreateDatabaseAsync()
    {
        var baseConnection = Environment.GetEnvironmentVariable("SEKISHO_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("SEKISHO_TEST_POSTGRES is not set: under CI, .ci/run must start PostgreSQL with tools/ci/start-postgres.sh and export it");
        var database = "sekisho_crash_" + Guid.NewGuid().ToString("N");
        await using (var source = NpgsqlDataSource.Create(baseConnection))
        await using (var create = source.CreateCommand($"CREATE DATABASE \"{database}\""))
            await create.ExecuteNonQueryAsync();
        return (database, new NpgsqlConnectionStringBuilder(baseConnection) { Database = database }.ConnectionString);
    }

    private static async Task DropDatabaseAsync(string database)
    {
        await using var source = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("SEKISHO_TEST_POSTGRES")!);
        await using var drop = source.CreateCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }
}

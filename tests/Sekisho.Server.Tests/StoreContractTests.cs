using System.Text;
using Sekisho.Server.Sessions;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Tests;

/// <summary>
/// The storage contract: every backend runs these cases through a concrete subclass. Each test gets a fresh,
/// empty store; <see cref="OpenAsync"/> opens another handle on the same store (a reopen, or a second replica).
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private readonly List<IStore> _opened = [];

    protected SteppedClock Clock { get; } = new();

    protected IStore Store { get; private set; } = null!;

    /// <summary>Opens a handle on this test's store (creating it the first time).</summary>
    protected abstract Task<IStore> OpenStoreAsync();

    /// <summary>The number of schema migrations the backend defines, and the version a store reports.</summary>
    protected abstract int KnownSchemaVersions { get; }

    protected abstract Task<long> SchemaVersionAsync(IStore store);

    /// <summary>Removes the store after the test (temp folder, PostgreSQL schema).</summary>
    protected abstract Task DestroyAsync();

    public async Task InitializeAsync() => Store = await OpenAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _opened) await store.DisposeAsync();
        await DestroyAsync();
    }

    protected async Task<IStore> OpenAsync()
    {
        var store = await OpenStoreAsync();
        _opened.Add(store);
        return store;
    }

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static string S(ReadOnlyMemory<byte> b) => Encoding.UTF8.GetString(b.Span);

    private static CancellationToken Timeout(int seconds = 20) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    // ---- get / put ----

    [Fact]
    public async Task Empty_store_has_revision_zero_and_no_keys()
    {
        Assert.Equal(0, await Store.GetRevisionAsync());
        Assert.Null(await Store.GetAsync("/accounts/111122223333/users/alice"));
        var page = await Store.ScanAsync(new ScanRequest(""));
        Assert.Empty(page.Items);
        Assert.False(page.More);
    }

    [Fact]
    public async Task Put_then_get_returns_the_value_at_the_new_revision()
    {
        var r1 = await Store.PutAsync("/accounts/111122223333/users/alice", B("alice v1"));
        var r2 = await Store.PutAsync("/accounts/111122223333/users/bob", B("bob v1"));
        Assert.True(r1 >= 1);
        Assert.True(r2 > r1);
        var alice = await Store.GetAsync("/accounts/111122223333/users/alice");
        Assert.NotNull(alice);
        Assert.Equal("alice v1", S(alice.Value));
        Assert.Equal(r1, alice.Revision);
        Assert.Equal(r2, await Store.GetRevisionAsync());
    }

    [Fact]
    public async Task Unconditional_put_overwrites_and_moves_the_key_revision()
    {
        var r1 = await Store.PutAsync("/k", B("one"));
        var r2 = await Store.PutAsync("/k", B("two"));
        Assert.True(r2 > r1);
        var item = await Store.GetAsync("/k");
        Assert.Equal("two", S(item!.Value));
        Assert.Equal(r2, item.Revision);
    }

    [Fact]
    public async Task Values_are_bytes_exactly_including_empty_and_large()
    {
        var all = new byte[256];
        for (var i = 0; i < all.Length; i++) all[i] = (byte)i;
        var large = new byte[3 * 1024 * 1024 + 7];
        new Random(42).NextBytes(large);
        await Store.PutAsync("/bytes/all", all);
        await Store.PutAsync("/bytes/empty", ReadOnlyMemory<byte>.Empty);
        await Store.PutAsync("/bytes/large", large);
        Assert.Equal(all, (await Store.GetAsync("/bytes/all"))!.Value.ToArray());
        var empty = await Store.GetAsync("/bytes/empty");
        Assert.NotNull(empty);
        Assert.Equal(0, empty.Value.Length);
        Assert.Equal(large, (await Store.GetAsync("/bytes/large"))!.Value.ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/has/\0/nul")]
    public async Task Invalid_keys_are_rejected_with_the_reason(string key)
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, B("v")));
        Assert.Contains(key.Length == 0 ? "empty" : "NUL", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Store.GetRevisionAsync());
    }

    [Fact]
    public async Task Keys_that_are_not_valid_unicode_are_rejected()
    {
        // Built at run time: a lone surrogate does not survive xunit's serialization of theory data.
        var key = "/lone/" + (char)0xD800 + "/surrogate";
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, B("v")));
        Assert.Contains("surrogate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_keys_are_rejected()
    {
        var key = "/" + new string('k', 3000);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync(key));
        Assert.Contains("longer than", e.Message, StringComparison.Ordinal);
    }

    // ---- create / compare-and-swap / delete ----

    [Fact]
    public async Task Create_succeeds_once_then_conflicts_without_writing()
    {
        var r = await Store.CreateAsync("/users/alice", B("first"));
        var e = await Assert.ThrowsAsync<StorageConflictException>(() => Store.CreateAsync("/users/alice", B("second")));
        Assert.Equal(r, e.ActualRevision);
        Assert.Equal(ConditionKind.Missing, e.Failed!.Kind);
        Assert.Contains("/users/alice", e.Message, StringComparison.Ordinal);
        Assert.Equal("first", S((await Store.GetAsync("/users/alice"))!.Value));
        Assert.Equal(r, await Store.GetRevisionAsync());
    }

    [Fact]
    public async Task Update_at_the_current_revision_swaps_and_at_a_stale_one_conflicts()
    {
        var r1 = await Store.CreateAsync("/k", B("v1"));
        var r2 = await Store.UpdateAsync("/k", B("v2"), r1);
        Assert.True(r2 > r1);
        var stale = await Assert.ThrowsAsync<StorageConflictException>(() => Store.UpdateAsync("/k", B("v3"), r1));
        Assert.Equal(r2, stale.ActualRevision);
        Assert.Equal("v2", S((await Store.GetAsync("/k"))!.Value));
        var missing = await Assert.ThrowsAsync<StorageConflictException>(() => Store.UpdateAsync("/nope", B("v"), r1));
        Assert.Null(missing.ActualRevision);
        Assert.Null(await Store.GetAsync("/nope"));
    }

    [Fact]
    public async Task Conditional_delete_needs_the_current_revision()
    {
        var r1 = await Store.PutAsync("/k", B("v1"));
        var r2 = await Store.PutAsync("/k", B("v2"));
        await Assert.ThrowsAsync<StorageConflictException>(() => Store.DeleteAsync("/k", r1));
        Assert.NotNull(await Store.GetAsync("/k"));
        var r3 = await Store.DeleteAsync("/k", r2);
        Assert.True(r3 > r2);
        Assert.Null(await Store.GetAsync("/k"));
    }

    [Fact]
    public async Task Unconditional_delete_reports_whether_the_key_existed()
    {
        await Store.PutAsync("/k", B("v"));
        Assert.True(await Store.DeleteAsync("/k"));
        Assert.False(await Store.DeleteAsync("/k"));
        Assert.Null(await Store.GetAsync("/k"));
    }

    [Fact]
    public async Task Revisions_are_not_reused_after_delete_and_recreate()
    {
        var r1 = await Store.CreateAsync("/k", B("v1"));
        Assert.True(await Store.DeleteAsync("/k"));
        var r2 = await Store.CreateAsync("/k", B("v2"));
        Assert.True(r2 > r1);
        // A CAS against the old incarnation must not succeed.
        await Assert.ThrowsAsync<StorageConflictException>(() => Store.UpdateAsync("/k", B("v3"), r1));
    }

    // ---- scans ----

    [Fact]
    public async Task Scan_returns_keys_with_the_prefix_in_utf8_byte_order()
    {
        string[] inside = ["/a/z", "/a/A", "/a/é", "/a/\U0001F600", "/a/\uFFFD", "/a/", "/a/a/b", "/a/0", "/a/ä", "/a/~"];
        string[] outside = ["/a", "/ab", "/a0", "/b/a", "/", "/A/a"];
        foreach (var k in inside.Concat(outside).OrderBy(_ => Random.Shared.Next())) await Store.PutAsync(k, B("value " + k));
        var page = await Store.ScanAsync(new ScanRequest("/a/"));
        var expected = inside.Select(Encoding.UTF8.GetBytes).Order(ByteOrder.Instance).Select(Encoding.UTF8.GetString).ToArray();
        Assert.Equal(expected, page.Items.Select(i => i.Key).ToArray());
        Assert.All(page.Items, i => Assert.Equal("value " + i.Key, S(i.Value)));
        Assert.False(page.More);
    }

    [Fact]
    public async Task Scan_of_the_empty_prefix_returns_everything()
    {
        string[] keys = ["/x", "/a", "/\u00ff", "/m/n"];
        foreach (var k in keys) await Store.PutAsync(k, B(k));
        var page = await Store.ScanAsync(new ScanRequest(""));
        Assert.Equal(keys.Select(Encoding.UTF8.GetBytes).Order(ByteOrder.Instance).Select(Encoding.UTF8.GetString), page.Items.Select(i => i.Key));
    }

    [Fact]
    public async Task Paging_with_start_after_visits_every_key_once()
    {
        var keys = Enumerable.Range(0, 53).Select(i => $"/accounts/111122223333/users/u{i:D3}").ToList();
        foreach (var k in keys) await Store.PutAsync(k, B(k));
        await Store.PutAsync("/accounts/111122223333/usersx", B("outside"));
        await Store.PutAsync("/accounts/111122223333/groups/g", B("outside"));
        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var page = await Store.ScanAsync(new ScanRequest("/accounts/111122223333/users/", after, Limit: 10));
            pages++;
            seen.AddRange(page.Items.Select(i => i.Key));
            Assert.True(page.Items.Count <= 10);
            if (!page.More) break;
            Assert.Equal(10, page.Items.Count);
            after = page.NextStartAfter;
        }
        Assert.Equal(6, pages);
        Assert.Equal(keys, seen);
    }

    [Fact]
    public async Task Start_after_outside_the_prefix_is_clamped_to_it()
    {
        foreach (var k in new[] { "/o/z", "/p/a", "/p/a/x", "/p/b", "/q/a" }) await Store.PutAsync(k, B(k));
        Assert.Equal(["/p/a", "/p/a/x", "/p/b"], (await Store.ScanAsync(new ScanRequest("/p/", "/a"))).Items.Select(i => i.Key));
        Assert.Empty((await Store.ScanAsync(new ScanRequest("/p/", "/z"))).Items);
        // A cursor that is a prefix of later keys must not skip them.
        Assert.Equal(["/p/a/x", "/p/b"], (await Store.ScanAsync(new ScanRequest("/p/", "/p/a"))).Items.Select(i => i.Key));
        Assert.Equal(["/p/a", "/p/a/x", "/p/b"], (await Store.ScanAsync(new ScanRequest("/p/", "/p/"))).Items.Select(i => i.Key));
    }

    [Fact]
    public async Task Scan_reports_the_revision_it_read_at()
    {
        await Store.PutAsync("/k1", B("1"));
        var r = await Store.PutAsync("/k2", B("2"));
        var page = await Store.ScanAsync(new ScanRequest("/nothing/"));
        Assert.Equal(r, page.Revision);
        Assert.Equal(r, (await Store.ScanAsync(new ScanRequest("/"))).Revision);
    }

    [Fact]
    public async Task Scan_limits_are_checked()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ScanAsync(new ScanRequest("/", Limit: 0)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ScanAsync(new ScanRequest("/", Limit: ScanRequest.MaxLimit + 1)));
    }

    // ---- transactions ----

    [Fact]
    public async Task Transaction_applies_every_write_under_one_revision()
    {
        var old = await Store.PutAsync("/t/old", B("old"));
        var result = await Store.CommitAsync(new Transaction(
            [Condition.RevisionIs("/t/old", old), Condition.Missing("/t/new1")],
            [Write.Put("/t/new1", B("n1")), Write.Put("/t/new2", B("n2")), Write.Delete("/t/old")]));
        Assert.True(result.Committed);
        Assert.True(result.Revision > old);
        Assert.Equal(result.Revision, (await Store.GetAsync("/t/new1"))!.Revision);
        Assert.Equal(result.Revision, (await Store.GetAsync("/t/new2"))!.Revision);
        Assert.Null(await Store.GetAsync("/t/old"));
        Assert.Equal(result.Revision, await Store.GetRevisionAsync());
    }

    [Fact]
    public async Task Transaction_with_one_failed_condition_writes_nothing()
    {
        var ra = await Store.PutAsync("/t/a", B("a"));
        var rb = await Store.PutAsync("/t/b", B("b"));
        var result = await Store.CommitAsync(new Transaction(
            [Condition.RevisionIs("/t/a", ra), Condition.RevisionIs("/t/b", ra), Condition.Missing("/t/c")],
            [Write.Put("/t/a", B("a2")), Write.Put("/t/c", B("c")), Write.Delete("/t/b")]));
        Assert.False(result.Committed);
        Assert.Equal(1, result.FailedCondition);
        Assert.Equal(rb, result.ActualRevision);
        Assert.Equal("a", S((await Store.GetAsync("/t/a"))!.Value));
        Assert.Equal("b", S((await Store.GetAsync("/t/b"))!.Value));
        Assert.Null(await Store.GetAsync("/t/c"));
        Assert.Equal(rb, await Store.GetRevisionAsync());
        Assert.Empty(await Store.ReadChangesAsync(rb, 100));
    }

    [Fact]
    public async Task Exists_condition_guards_a_write_to_another_key()
    {
        var fail = await Store.CommitAsync(new Transaction([Condition.Exists("/accounts/1")], [Write.Put("/accounts/1/users/a", B("a"))]));
        Assert.False(fail.Committed);
        Assert.Equal(0, fail.FailedCondition);
        Assert.Null(fail.ActualRevision);
        await Store.PutAsync("/accounts/1", B("acct"));
        var ok = await Store.CommitAsync(new Transaction([Condition.Exists("/accounts/1")], [Write.Put("/accounts/1/users/a", B("a"))]));
        Assert.True(ok.Committed);
    }

    [Fact]
    public async Task Malformed_transactions_are_rejected_before_touching_the_store()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitAsync(new Transaction([Condition.Missing("/a")], [])));
        var dup = await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitAsync(new Transaction(Write.Put("/a", B("1")), Write.Delete("/a"))));
        Assert.Contains("more than once", dup.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CommitAsync(new Transaction([Condition.RevisionIs("/a", 0)], [Write.Put("/a", B("1"))])));
        Assert.Equal(0, await Store.GetRevisionAsync());
    }

    // ---- change feed ----

    [Fact]
    public async Task Change_feed_lists_puts_and_deletes_in_commit_order()
    {
        var r1 = await Store.PutAsync("/c/a", B("a1"));
        var r2 = await Store.PutAsync("/c/b", B("b1"));
        var r3 = (await Store.CommitAsync(new Transaction(Write.Put("/c/a", B("a2")), Write.Delete("/c/b"), Write.Delete("/c/never")))).Revision;
        var changes = await Store.ReadChangesAsync(0, 100);
        Assert.Equal(
            [(r1, ChangeKind.Put, "/c/a", "a1"), (r2, ChangeKind.Put, "/c/b", "b1"), (r3, ChangeKind.Put, "/c/a", "a2"), (r3, ChangeKind.Delete, "/c/b", "")],
            changes.Select(c => (c.Revision, c.Kind, c.Key, S(c.Value))).ToArray());
        Assert.Equal([(r3, "/c/a"), (r3, "/c/b")], (await Store.ReadChangesAsync(r2, 100)).Select(c => (c.Revision, c.Key)).ToArray());
        Assert.Empty(await Store.ReadChangesAsync(r3, 100));
    }

    [Fact]
    public async Task Change_feed_batches_end_on_a_transaction_boundary()
    {
        var big = (await Store.CommitAsync(new Transaction(Enumerable.Range(0, 5).Select(i => Write.Put($"/b/{i}", B("x"))).ToArray()))).Revision;
        var after = await Store.PutAsync("/b/after", B("y"));
        var first = await Store.ReadChangesAsync(0, 2);
        Assert.Equal(5, first.Count);
        Assert.All(first, c => Assert.Equal(big, c.Revision));
        var second = await Store.ReadChangesAsync(first[^1].Revision, 2);
        Assert.Equal([after], second.Select(c => c.Revision).ToArray());
    }

    [Fact]
    public async Task Watch_replays_from_a_revision_then_follows_new_commits()
    {
        var r1 = await Store.PutAsync("/w/1", B("1"));
        await Store.PutAsync("/w/2", B("2"));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Timeout());
        var received = new List<Change>();
        var watching = Task.Run(async () =>
        {
            await foreach (var change in Store.WatchAsync(r1, cts.Token))
            {
                received.Add(change);
                if (received.Count == 3) break;
            }
        });
        await Store.PutAsync("/w/3", B("3"));
        await Store.DeleteAsync("/w/1");
        await watching;
        Assert.Equal([("/w/2", ChangeKind.Put), ("/w/3", ChangeKind.Put), ("/w/1", ChangeKind.Delete)], received.Select(c => (c.Key, c.Kind)).ToArray());
        Assert.True(received[0].Revision < received[1].Revision && received[1].Revision < received[2].Revision);
    }

    [Fact]
    public async Task Watch_delivers_every_change_of_concurrent_writers_in_revision_order()
    {
        const int writers = 4, each = 30;
        var start = await Store.GetRevisionAsync();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Timeout(60));
        var received = new List<Change>();
        var watching = Task.Run(async () =>
        {
            await foreach (var change in Store.WatchAsync(start, cts.Token))
            {
                received.Add(change);
                if (received.Count == writers * each) break;
            }
        });
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++) await Store.PutAsync($"/cw/{w}/{i}", B($"{w}:{i}"));
        })));
        await watching;
        for (var i = 1; i < received.Count; i++) Assert.True(received[i].Revision > received[i - 1].Revision, $"change {i} out of order");
        Assert.Equal(
            Enumerable.Range(0, writers).SelectMany(w => Enumerable.Range(0, each).Select(i => $"/cw/{w}/{i}")).Order(StringComparer.Ordinal),
            received.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.All(received, c => Assert.Equal(c.Key[4..].Replace('/', ':'), S(c.Value)));
        // Each writer's own puts appear in the order it made them.
        for (var w = 0; w < writers; w++)
            Assert.Equal(Enumerable.Range(0, each).Select(i => $"/cw/{w}/{i}"), received.Where(c => c.Key.StartsWith($"/cw/{w}/", StringComparison.Ordinal)).Select(c => c.Key));
    }

    [Fact]
    public async Task Watch_sees_commits_made_through_another_handle_on_the_same_store()
    {
        var other = await OpenAsync();
        var start = await Store.GetRevisionAsync();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Timeout());
        var watch = Store.WatchAsync(start, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = watch.MoveNextAsync();
        var r = await other.PutAsync("/replica/k", B("from the other handle"));
        Assert.True(await next);
        Assert.Equal((r, "/replica/k"), (watch.Current.Revision, watch.Current.Key));
        await watch.DisposeAsync();
    }

    [Fact]
    public async Task Watch_stops_when_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            await foreach (var _ in Store.WatchAsync(0, cts.Token)) { }
        });
        await Task.Delay(50);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Compaction_drops_old_changes_and_says_so_to_late_readers()
    {
        var r1 = await Store.PutAsync("/k/1", B("1"));
        var r2 = await Store.PutAsync("/k/2", B("2"));
        var r3 = await Store.PutAsync("/k/3", B("3"));
        await Store.CompactChangesAsync(r2);
        var e = await Assert.ThrowsAsync<ChangeFeedCompactedException>(() => Store.ReadChangesAsync(r1, 10));
        Assert.Equal(r2, e.CompactedThrough);
        Assert.Equal([r3], (await Store.ReadChangesAsync(r2, 10)).Select(c => c.Revision).ToArray());
        Assert.Equal("1", S((await Store.GetAsync("/k/1"))!.Value));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.CompactChangesAsync(r3 + 1000));
    }

    // ---- audit log ----

    [Fact]
    public async Task Audit_log_appends_in_order_and_reads_from_a_position()
    {
        var p1 = await Store.AppendAuditAsync(B("{\"action\":\"iam:CreateUser\"}"));
        Clock.Advance(TimeSpan.FromSeconds(90));
        var p2 = await Store.AppendAuditAsync(B("second"));
        var p3 = await Store.AppendAuditAsync(ReadOnlyMemory<byte>.Empty);
        Assert.True(p1 >= 1 && p2 > p1 && p3 > p2);
        var all = await Store.ReadAuditAsync(1, 100);
        Assert.Equal([p1, p2, p3], all.Select(a => a.Position).ToArray());
        Assert.Equal(["{\"action\":\"iam:CreateUser\"}", "second", ""], all.Select(a => S(a.Data)).ToArray());
        Assert.Equal(Clock.GetUtcNow() - TimeSpan.FromSeconds(90), all[0].Time);
        Assert.Equal(Clock.GetUtcNow(), all[1].Time);
        Assert.Equal([p2], (await Store.ReadAuditAsync(p2, 1)).Select(a => a.Position).ToArray());
        Assert.Empty(await Store.ReadAuditAsync(p3 + 1, 10));
        // The audit log is not part of the key-value revision history.
        Assert.Equal(0, await Store.GetRevisionAsync());
    }

    [Fact]
    public async Task Concurrent_audit_appends_get_distinct_positions_and_all_survive()
    {
        var positions = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => Store.AppendAuditAsync(B($"event {i}")))));
        Assert.Equal(40, positions.Distinct().Count());
        var records = await Store.ReadAuditAsync(1, 1000);
        Assert.Equal(positions.Order(), records.Select(r => r.Position));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"event {i}").Order(StringComparer.Ordinal), records.Select(r => S(r.Data)).Order(StringComparer.Ordinal));
    }

    // ---- blobs ----

    [Fact]
    public async Task Blobs_round_trip_across_chunk_boundaries_and_can_be_replaced_and_deleted()
    {
        var data = new byte[256 * 1024 * 3 + 17];
        new Random(7).NextBytes(data);
        Assert.Equal(data.Length, await Store.PutBlobAsync("recordings/s-1.cast", new MemoryStream(data)));
        Assert.Equal(data, await ReadBlob("recordings/s-1.cast"));
        var smaller = B("replaced");
        Assert.Equal(smaller.Length, await Store.PutBlobAsync("recordings/s-1.cast", new MemoryStream(smaller)));
        Assert.Equal(smaller, await ReadBlob("recordings/s-1.cast"));
        Assert.True(await Store.DeleteBlobAsync("recordings/s-1.cast"));
        Assert.False(await Store.DeleteBlobAsync("recordings/s-1.cast"));
        Assert.False(await Store.ReadBlobAsync("recordings/s-1.cast", new MemoryStream()));
    }

    [Fact]
    public async Task Empty_and_trickled_blobs_are_stored_exactly()
    {
        Assert.Equal(0, await Store.PutBlobAsync("empty", new MemoryStream()));
        Assert.Empty(await ReadBlob("empty"));
        // A stream that returns a few bytes per read, as a network stream does.
        var data = new byte[300_001];
        new Random(9).NextBytes(data);
        Assert.Equal(data.Length, await Store.PutBlobAsync("trickle", new TrickleStream(data, 997)));
        Assert.Equal(data, await ReadBlob("trickle"));
        Assert.False(await Store.ReadBlobAsync("missing", new MemoryStream()));
    }

    [Fact]
    public async Task Recording_retention_deletes_the_parts_of_sessions_that_ended_longer_ago_and_only_those()
    {
        const string account = "111122223333";
        const string other = "444455556666";
        var sessions = new SessionRepository(Store);
        var recordings = new RecordingStore(Store);
        var expiry = new RecordingExpiry(sessions, recordings, Clock);
        var start = Clock.GetUtcNow();
        // Two parts each, the first across a chunk boundary of the SQLite store, as a long session's are.
        var first = new byte[256 * 1024 + 100];
        new Random(11).NextBytes(first);
        var second = B("[1.5,\"o\",\"bye\"]\n");
        async Task<string> SessionAsync(string acct, string id, string status, DateTimeOffset? end)
        {
            var name = RecordingStore.Name(acct, id);
            await sessions.CreateAsync(new SessionRecord(id, acct, "us-east-1", "mi-0123456789abcdef0", "SSM-SessionManagerRunShell",
                $"arn:aws:ssm:us-east-1:{acct}:document/SSM-SessionManagerRunShell", "Standard_Stream", $"arn:aws:iam::{acct}:user/alice",
                "ssm-user", null, new Dictionary<string, string>(), null, false, start, end, status, null, TimeSpan.FromMinutes(20), null,
                null, name), default);
            await recordings.WritePartAsync(name, 0, first, default);
            await recordings.WritePartAsync(name, 1, second, default);
            return name;
        }
        var old = await SessionAsync(account, "alice-00000000000000001", "Terminated", start);
        var recent = await SessionAsync(account, "alice-00000000000000002", "Terminated", start + TimeSpan.FromDays(10));
        var live = await SessionAsync(account, "alice-00000000000000003", "Connected", null);
        var otherAccount = await SessionAsync(other, "alice-00000000000000004", "Terminated", start);

        Clock.Advance(TimeSpan.FromDays(30));
        Assert.Empty(await expiry.ExpireAsync(account, TimeSpan.FromDays(30), default)); // exactly 30 days is not longer ago
        Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(["alice-00000000000000001"], await expiry.ExpireAsync(account, TimeSpan.FromDays(30), default));
        Assert.False(await recordings.ReadAsync(old, new MemoryStream(), default));
        Assert.False(await Store.DeleteBlobAsync(RecordingStore.PartName(old, 1))); // every part went, not only the first
        Assert.Null((await sessions.GetAsync(account, "alice-00000000000000001", default))!.Recording);
        foreach (var kept in new[] { recent, live, otherAccount })
        {
            var read = new MemoryStream();
            Assert.True(await recordings.ReadAsync(kept, read, default));
            Assert.Equal(first.Concat(second).ToArray(), read.ToArray());
        }
        Assert.Empty(await expiry.ExpireAsync(account, TimeSpan.FromDays(30), default)); // nothing is deleted twice

        Clock.Advance(TimeSpan.FromDays(365));
        Assert.Equal(["alice-00000000000000002"], await expiry.ExpireAsync(account, TimeSpan.FromDays(30), default));
        Assert.True(await recordings.ReadAsync(live, new MemoryStream(), default)); // an active session is never expired
        Assert.Equal(live, (await sessions.GetAsync(account, "alice-00000000000000003", default))!.Recording);
    }

    private async Task<byte[]> ReadBlob(string name)
    {
        var destination = new MemoryStream();
        Assert.True(await Store.ReadBlobAsync(name, destination));
        return destination.ToArray();
    }

    // ---- migrations ----

    [Fact]
    public async Task Reopening_keeps_data_and_runs_migrations_once()
    {
        var r = await Store.PutAsync("/persist/k", B("kept"));
        await Store.AppendAuditAsync(B("audit kept"));
        await Store.PutBlobAsync("blob", new MemoryStream(B("blob kept")));
        Assert.Equal(KnownSchemaVersions, await SchemaVersionAsync(Store));
        await Store.DisposeAsync();
        _opened.Remove(Store);
        for (var i = 0; i < 2; i++)
        {
            var reopened = await OpenAsync();
            Assert.Equal(KnownSchemaVersions, await SchemaVersionAsync(reopened));
            Assert.Equal(r, await reopened.GetRevisionAsync());
            Assert.Equal("kept", S((await reopened.GetAsync("/persist/k"))!.Value));
            Assert.Equal("audit kept", S((await reopened.ReadAuditAsync(1, 10)).Single().Data));
            var blob = new MemoryStream();
            Assert.True(await reopened.ReadBlobAsync("blob", blob));
            Assert.Equal("blob kept", Encoding.UTF8.GetString(blob.ToArray()));
            var next = await reopened.PutAsync("/persist/k2", B("after reopen"));
            Assert.True(next > r);
            r = next;
        }
        Store = _opened[^1];
    }

    // ---- concurrency ----

    [Fact]
    public async Task Parallel_compare_and_swap_increments_never_lose_an_update()
    {
        const int workers = 6, increments = 15;
        await Store.CreateAsync("/counter", B("0"));
        var conflicts = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < increments; i++)
            {
                while (true)
                {
                    var current = (await Store.GetAsync("/counter"))!;
                    var value = int.Parse(S(current.Value), System.Globalization.CultureInfo.InvariantCulture) + 1;
                    try
                    {
                        await Store.UpdateAsync("/counter", B(value.ToString(System.Globalization.CultureInfo.InvariantCulture)), current.Revision);
                        break;
                    }
                    catch (StorageConflictException)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }
        })));
        Assert.Equal((workers * increments).ToString(System.Globalization.CultureInfo.InvariantCulture), S((await Store.GetAsync("/counter"))!.Value));
        // Every successful swap is one change in the feed: the create plus one per increment.
        Assert.Equal(workers * increments + 1, (await Store.ReadChangesAsync(0, 10_000)).Count);
    }

    [Fact]
    public async Task Two_handles_racing_to_create_the_same_keys_each_key_is_won_once()
    {
        var other = await OpenAsync();
        var wins = new int[2];
        await Task.WhenAll(new[] { Store, other }.Select((store, s) => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                try
                {
                    await store.CreateAsync($"/race/{i}", B($"store {s}"));
                    Interlocked.Increment(ref wins[s]);
                }
                catch (StorageConflictException)
                {
                }
            }
        })));
        Assert.Equal(40, wins[0] + wins[1]);
        var page = await Store.ScanAsync(new ScanRequest("/race/"));
        Assert.Equal(40, page.Items.Count);
    }

    [Fact]
    public async Task Concurrent_writes_succeed_fail_or_throw_each_on_their_own()
    {
        // Writers may share one commit (SQLite group commit); one unit's failure must not leak into another's.
        var distinct = Enumerable.Range(0, 20).Select(i => Task.Run(() => Store.CreateAsync($"/mix/own/{i}", B("mine")))).ToArray();
        var contested = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try
            {
                await Store.CreateAsync("/mix/contested", B($"writer {i}"));
                return true;
            }
            catch (StorageConflictException)
            {
                return false;
            }
        })).ToArray();
        var invalid = Enumerable.Range(0, 5).Select(_ => Task.Run(() => Store.CompactChangesAsync(1_000_000))).ToArray();
        foreach (var bad in invalid) await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => bad);
        var revisions = await Task.WhenAll(distinct);
        Assert.Equal(20, revisions.Distinct().Count());
        Assert.Single(await Task.WhenAll(contested), won => won);
        Assert.Equal(21, (await Store.ScanAsync(new ScanRequest("/mix/"))).Items.Count);
        Assert.Equal(21, (await Store.ReadChangesAsync(0, 1000)).Count);
    }

    [Fact]
    public async Task Readers_run_while_writers_commit()
    {
        for (var i = 0; i < 50; i++) await Store.PutAsync($"/r/{i:D2}", B("0"));
        var writer = Task.Run(async () =>
        {
            for (var round = 1; round <= 10; round++)
                await Store.CommitAsync(new Transaction(Enumerable.Range(0, 50).Select(i => Write.Put($"/r/{i:D2}", B(round.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToArray()));
        });
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var scans = 0;
            while (!writer.IsCompleted || scans == 0)
            {
                // Transactions are atomic: a snapshot never mixes two rounds.
                var page = await Store.ScanAsync(new ScanRequest("/r/"));
                Assert.Equal(50, page.Items.Count);
                Assert.Single(page.Items.Select(i => S(i.Value)).Distinct());
                Assert.All(page.Items, i => Assert.True(i.Revision <= page.Revision));
                scans++;
            }
            return scans;
        })).ToArray();
        await writer;
        Assert.All(await Task.WhenAll(readers), n => Assert.True(n > 0));
    }

    [Fact]
    public async Task Cancelled_operations_do_not_write()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.PutAsync("/cancelled", B("v"), cts.Token));
        Assert.Null(await Store.GetAsync("/cancelled"));
    }
}

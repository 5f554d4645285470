using System.Text;
using Microsoft.Extensions.Logging;
using Sekisho.Server.Audit;
using Sekisho.Server.Storage;
using Sekisho.Server.Storage.Sqlite;

namespace Sekisho.Server.Tests.Core;

/// <summary>The audit writer when its store stalls: requests wait for it (nothing is dropped), and the operator is told.</summary>
public sealed class AuditLogTests : IAsyncLifetime
{
    private TempSqliteStore _temp = null!;

    private SqliteStore Inner => _temp.Store;

    public async Task InitializeAsync() => _temp = await TempSqliteStore.OpenAsync("audit");

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    private static AuditEvent Event(int i) => new(DateTimeOffset.UnixEpoch.AddSeconds(i), $"req-{i}", "sts", "GetCallerIdentity",
        "sts:GetCallerIdentity", "arn:aws:iam::111122223333:user/admin", "111122223333", "AKIAEXAMPLE", [], "NotAuthorized",
        null, null, 200, "127.0.0.1", "test");

    [Fact]
    public async Task A_stalled_store_makes_requests_wait_warns_once_and_loses_nothing()
    {
        var store = new StalledAuditStore(Inner);
        var logger = new ListLogger<AuditLog>();
        var audit = new AuditLog(store, logger, TimeProvider.System);
        await audit.StartAsync(CancellationToken.None);

        // The writer takes one batch and blocks in the store; the queue then holds 10,000 more.
        var completedAtOnce = 0;
        var waiting = new List<Task>();
        for (var i = 0; i < 10_500; i++)
        {
            var recorded = audit.RecordAsync(Event(i), CancellationToken.None);
            if (recorded.IsCompleted) completedAtOnce++;
            else waiting.Add(recorded.AsTask());
            if (i == 0) await store.FirstAppendStarted.WaitAsync(TimeSpan.FromSeconds(10));
        }
        Assert.Equal(10_000 + 1, completedAtOnce); // the first event went into the blocked batch
        Assert.Equal(499, waiting.Count);
        var warning = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("the store is not keeping up", warning.Message, StringComparison.Ordinal);

        store.Release();
        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(30));
        await audit.StopAsync(CancellationToken.None);
        var ids = new List<string>();
        foreach (var record in await Inner.ReadAuditAsync(1, 100_000))
            ids.AddRange(Encoding.UTF8.GetString(record.Data.Span).Split('\n').Select(line => System.Text.Json.Nodes.JsonNode.Parse(line)!["requestId"]!.GetValue<string>()));
        Assert.Equal(Enumerable.Range(0, 10_500).Select(i => $"req-{i}"), ids);
    }

    private sealed record LogEntry(LogLevel Level, string Message);

    private sealed class ListLogger<T> : ILogger<T>
    {
        public List<LogEntry> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries) Entries.Add(new LogEntry(logLevel, formatter(state, exception)));
        }
    }

    /// <summary>A store whose audit appends wait until <see cref="Release"/>; everything else goes to the real one.</summary>
    private sealed class StalledAuditStore(IStore inner) : IStore
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstAppendStarted => _started.Task;

        public void Release() => _gate.TrySetResult();

        public async Task<long> AppendAuditAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
        {
            _started.TrySetResult();
            await _gate.Task.WaitAsync(cancellationToken);
            return await inner.AppendAuditAsync(data, cancellationToken);
        }

        public Task<StoreItem?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);
        public Task<ScanPage> ScanAsync(ScanRequest request, CancellationToken cancellationToken = default) => inner.ScanAsync(request, cancellationToken);
        public Task<TransactionResult> CommitAsync(Transaction transaction, CancellationToken cancellationToken = default) => inner.CommitAsync(transaction, cancellationToken);
        public Task<long> GetRevisionAsync(CancellationToken cancellationToken = default) => inner.GetRevisionAsync(cancellationToken);
        public Task<IReadOnlyList<Change>> ReadChangesAsync(long afterRevision, int limit, CancellationToken cancellationToken = default) => inner.ReadChangesAsync(afterRevision, limit, cancellationToken);
        public IAsyncEnumerable<Change> WatchAsync(long afterRevision, CancellationToken cancellationToken = default) => inner.WatchAsync(afterRevision, cancellationToken);
        public Task CompactChangesAsync(long throughRevision, CancellationToken cancellationToken = default) => inner.CompactChangesAsync(throughRevision, cancellationToken);
        public Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(long fromPosition, int limit, CancellationToken cancellationToken = default) => inner.ReadAuditAsync(fromPosition, limit, cancellationToken);
        public Task<long> PutBlobAsync(string name, Stream content, CancellationToken cancellationToken = default) => inner.PutBlobAsync(name, content, cancellationToken);
        public Task<bool> ReadBlobAsync(string name, Stream destination, CancellationToken cancellationToken = default) => inner.ReadBlobAsync(name, destination, cancellationToken);
        public Task<bool> DeleteBlobAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteBlobAsync(name, cancellationToken);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

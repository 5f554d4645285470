using System.Buffers;
using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Audit;

/// <summary>
/// Appends every API call to the store's audit log. Requests enqueue and go on; a background writer drains the
/// queue in order, up to <see cref="MaxBatch"/> events per store record and at most one record per
/// <see cref="WriteInterval"/> unless a full batch waits, so a request never waits for an fsync and the store
/// commits a few large records a second rather than hundreds of small ones.
/// Events still queued when the process is killed are lost (at most the last moments' calls); a clean stop
/// writes them all. The queue is bounded: when the store falls that far
/// behind, requests wait (backpressure) rather than events being dropped, and a warning is logged.
/// </summary>
public sealed class AuditLog(IStore store, ILogger<AuditLog> logger, TimeProvider time) : BackgroundService
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = AuditJsonContext.Default,
    };
    private readonly Channel<AuditEvent> _queue = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(10_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly ArrayBufferWriter<byte> _record = new(MaxBatch * 512);

    private readonly Lock _warning = new();
    private long? _lastWarning;
    private long _waitedSinceWarning;

    public ValueTask RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        if (_queue.Writer.TryWrite(auditEvent)) return ValueTask.CompletedTask;
        WarnOfBackpressure();
        return _queue.Writer.WriteAsync(auditEvent, cancellationToken);
    }

    /// <summary>
    /// The queue is full: requests now wait for the store. Said at most every 10 s, with how many waited. Only the
    /// slow path takes the lock.
    /// </summary>
    private void WarnOfBackpressure()
    {
        lock (_warning)
        {
            _waitedSinceWarning++;
            var now = time.GetTimestamp();
            if (_lastWarning is { } last && time.GetElapsedTime(last, now) < TimeSpan.FromSeconds(10)) return;
            logger.LogWarning("audit log: {Queued} events queued and the store is not keeping up; {Waited} requests waited for it since the last warning",
                _queue.Reader.Count, _waitedSinceWarning);
            _lastWarning = now;
            _waitedSinceWarning = 0;
        }
    }

    /// <summary>Events per audit record at most: a busy server writes one record (one fsync) per batch.</summary>
    public const int MaxBatch = 256;

    /// <summary>
    /// The shortest time between two records' writes while no full batch waits. Without it a fast disk let the writer
    /// commit a couple of dozen events at a time, over 600 commits a second at 16,000 requests/s, and PostgreSQL's
    /// backends spent a fifth of a core on them (bench/server/pg-statements.sh). It adds at most this much to what a
    /// killed process loses.
    /// </summary>
    public static readonly TimeSpan WriteInterval = TimeSpan.FromMilliseconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEvent>(MaxBatch);
        var sinceLastWrite = Stopwatch.StartNew();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                var wait = WriteInterval - sinceLastWrite.Elapsed;
                if (wait > TimeSpan.Zero && _queue.Reader.Count < MaxBatch) await Task.Delay(wait, stoppingToken);
                sinceLastWrite.Restart();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var e)) batch.Add(e);
                await AppendAsync(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is written below.
        }
        while (_queue.Reader.TryRead(out var rest))
        {
            batch.Add(rest);
            if (batch.Count == MaxBatch) await AppendAsync(batch);
        }
        await AppendAsync(batch);
    }

    /// <summary>One record holds the batch as JSON lines, so <c>sekisho audit</c> prints records as they are.</summary>
    private async Task AppendAsync(List<AuditEvent> batch)
    {
        if (batch.Count == 0) return;
        // One buffer for the writer's life, handed to the store as it is: a batch is often over 85 KB, and a new
        // array per batch (and a copy of it) would be a large-object allocation each time, and gen-2 collections
        // that pause every request.
        var buffer = _record;
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, AuditEventWriter.Options))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (i > 0)
                {
                    writer.Flush();
                    buffer.Write("\n"u8);
                    writer.Reset(buffer);
                }
                AuditEventWriter.Write(writer, batch[i]);
            }
        }
        batch.Clear();
        await store.AppendAuditAsync(buffer.WrittenMemory, CancellationToken.None);
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Audit;

/// <summary>
/// Appends every API call to the store's audit log. Requests enqueue and go on; a background writer drains the
/// queue in order, so a request never waits for an fsync. The queue is bounded: when the store falls that far
/// behind, requests wait (backpressure) rather than events being dropped.
/// </summary>
public sealed class AuditLog(IStore store) : BackgroundService
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Channel<AuditEvent> _queue = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(10_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public ValueTask RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken) =>
        _queue.Writer.TryWrite(auditEvent) ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(auditEvent, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in _queue.Reader.ReadAllAsync(stoppingToken))
                await store.AppendAuditAsync(JsonSerializer.SerializeToUtf8Bytes(e, Json), CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is written below.
        }
        while (_queue.Reader.TryRead(out var rest))
            await store.AppendAuditAsync(JsonSerializer.SerializeToUtf8Bytes(rest, Json), CancellationToken.None);
    }
}

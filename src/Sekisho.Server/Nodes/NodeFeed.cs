using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sekisho.Server.Credentials;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Nodes;

/// <summary>
/// Keeps <see cref="RegisteredNodes"/> equal to the store's <c>/ssm/nodes/</c> index on this replica: one scan, then
/// the change feed. A node deleted by any replica loses its credentials here, and its agent, if connected here,
/// is told <c>deregistered</c> and cut off.
/// </summary>
public sealed partial class NodeFeed(IStore store, RegisteredNodes registered, AgentGateway gateway, ILogger<NodeFeed> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FollowAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StorageException or InvalidOperationException or IOException)
            {
                // Start over from a fresh scan: the set stays as it was meanwhile.
                LogFeedFailed(log, e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        long? snapshot = null;
        string? after = null;
        while (true)
        {
            var page = await store.ScanAsync(new ScanRequest(NodeService.IndexPrefix, after, 5000), cancellationToken);
            snapshot = snapshot is null ? page.Revision : Math.Min(snapshot.Value, page.Revision);
            foreach (var item in page.Items) ids.Add(item.Key[NodeService.IndexPrefix.Length..]);
            if (!page.More) break;
            after = page.NextStartAfter;
        }
        registered.Load(ids);
        await foreach (var change in store.WatchAsync(snapshot.Value, cancellationToken))
        {
            if (!change.Key.StartsWith(NodeService.IndexPrefix, StringComparison.Ordinal)) continue;
            var id = change.Key[NodeService.IndexPrefix.Length..];
            if (change.Kind == ChangeKind.Put)
            {
                registered.Add(id);
            }
            else if (registered.Contains(id) || gateway.IsOnline(id))
            {
                registered.Remove(id);
                await gateway.DeregisteredAsync(id, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "following the node index failed; starting over")]
    private static partial void LogFeedFailed(ILogger logger, Exception exception);
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Identity;

/// <summary>
/// Follows the store's change feed and drops the identity read cache when another process or replica changes
/// identity data (this process's own commits drop it at once). Starts from the current revision and invalidates
/// after reading it, so nothing read before the watch began can outlive a change the watch does not see.
/// </summary>
public sealed partial class IdentityChangeWatcher(IStore store, IdentityService identity, TimeProvider time, ILogger<IdentityChangeWatcher> logger) : BackgroundService
{
    private const string IdentityPrefix = "/accounts/";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var from = await store.GetRevisionAsync(stoppingToken).ConfigureAwait(false);
            identity.InvalidateReadCache();
            try
            {
                await foreach (var change in store.WatchAsync(from, stoppingToken).ConfigureAwait(false))
                    if (change.Key.StartsWith(IdentityPrefix, StringComparison.Ordinal)) identity.InvalidateReadCache();
            }
            catch (ChangeFeedCompactedException)
            {
                // Fell behind a compaction: start again from the current revision (which invalidates everything).
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StorageException or System.Data.Common.DbException or IOException)
            {
                // The store is unreachable for now: say so, and watch again (invalidating) once it answers.
                LogWatchFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "identity change feed failed; retrying in 1 s")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);
}

using System.Runtime.CompilerServices;

namespace Sekisho.Server.Storage;

/// <summary>
/// The watch loop both backends share: read the change table after the last revision seen, and when caught up
/// wait for a local commit or the poll interval (which catches commits of other processes and replicas).
/// </summary>
internal static class ChangeFeed
{
    private const int BatchSize = 512;

    public static async IAsyncEnumerable<Change> WatchAsync(IStore store, long afterRevision, ChangeSignal signal,
        TimeSpan pollInterval, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);
        var next = afterRevision;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var wake = signal.Next;
            var batch = await store.ReadChangesAsync(next, BatchSize, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                next = batch[i].Revision;
                yield return batch[i];
            }
            if (batch.Count >= BatchSize) continue;
            using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = Task.Delay(pollInterval, time, delay.Token);
            await Task.WhenAny(wake, timer).ConfigureAwait(false);
            await delay.CancelAsync().ConfigureAwait(false);
        }
    }
}

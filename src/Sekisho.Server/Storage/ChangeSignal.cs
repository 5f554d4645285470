namespace Sekisho.Server.Storage;

/// <summary>
/// Wakes change-feed watchers in this process as soon as this process commits, so they need not wait for the
/// next poll. Take <see cref="Next"/> before reading, then wait on it: a commit in between is never missed.
/// </summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse()
    {
        var fired = Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        fired.TrySetResult();
    }
}

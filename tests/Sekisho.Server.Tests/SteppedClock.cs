namespace Sekisho.Server.Tests;

/// <summary>
/// A clock whose "now" the test sets (whole milliseconds, as both stores keep at least that precision) while
/// timers stay real, so change-feed polling still runs.
/// </summary>
public sealed class SteppedClock : TimeProvider
{
    private long _unixMs = new DateTimeOffset(2026, 3, 14, 15, 9, 26, 535, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref _unixMs));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _unixMs, (long)by.TotalMilliseconds);
}

namespace Sekisho.TestSupport;

/// <summary>A <see cref="TimeProvider"/> whose time a test sets and advances (the framework's fake is not in our package feed).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset to) => _now = to;
}

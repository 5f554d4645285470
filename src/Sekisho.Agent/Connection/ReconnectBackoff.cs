namespace Sekisho.Agent.Connection;

/// <summary>
/// Exponential backoff with jitter for reconnecting: the n-th delay is drawn from [0.75, 1] x min(max, first x 2^n),
/// so a fleet of agents cut off together does not come back in lockstep. <see cref="Reset"/> after a success.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _first;
    private readonly TimeSpan _max;
    private readonly Random _random;
    private int _attempt;

    public ReconnectBackoff(TimeSpan first, TimeSpan max, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(first, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, first);
        _first = first;
        _max = max;
        _random = random ?? Random.Shared;
    }

    /// <summary>The control channel's: 1 s doubling to 30 s.</summary>
    public static ReconnectBackoff ControlChannel(Random? random = null) => new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), random);

    public TimeSpan Next()
    {
        var ceiling = _first.Ticks * Math.Pow(2, Math.Min(_attempt, 30));
        var capped = Math.Min(ceiling, _max.Ticks);
        _attempt++;
        return TimeSpan.FromTicks((long)(capped * (0.75 + 0.25 * _random.NextDouble())));
    }

    public void Reset() => _attempt = 0;
}

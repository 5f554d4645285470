namespace Sekisho.Protocol.DataChannel;

/// <summary>
/// The retransmission timeout of RFC 6298 as the stock peers compute it: smoothed round-trip time plus the larger
/// of the clock granularity and four times its variation, capped.
/// </summary>
internal sealed class RetransmissionTimer(ReliableChannelOptions options)
{
    private const double Alpha = 1.0 / 8.0;
    private const double Beta = 1.0 / 4.0;

    private double _smoothedTicks = options.InitialRoundTripTime.Ticks;
    private double _variationTicks;

    public TimeSpan Timeout { get; private set; } = options.InitialRetransmissionTimeout;

    public void AddSample(TimeSpan roundTrip)
    {
        double sample = roundTrip.Ticks;
        _variationTicks = ((1 - Beta) * _variationTicks) + (Beta * Math.Abs(_smoothedTicks - sample));
        _smoothedTicks = ((1 - Alpha) * _smoothedTicks) + (Alpha * sample);
        var timeout = TimeSpan.FromTicks((long)(_smoothedTicks + Math.Max(options.ClockGranularity.Ticks, 4 * _variationTicks)));
        Timeout = timeout > options.MaxRetransmissionTimeout ? options.MaxRetransmissionTimeout : timeout;
    }
}

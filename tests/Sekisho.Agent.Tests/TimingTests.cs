using Sekisho.Agent.Connection;
using Sekisho.Protocol.AgentChannel;
using Sekisho.TestSupport;

namespace Sekisho.Agent.Tests;

public sealed class TimingTests
{
    [Fact]
    public async Task Credentials_are_renewed_at_80_percent_of_their_life()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        var calls = 0;
        var credentials = new NodeCredentials(_ =>
        {
            calls++;
            return Task.FromResult(new AgentCredentialsResponse($"ASIA{calls}", "secret", "token", clock.GetUtcNow().AddHours(1)));
        }, clock, AgentLog.Null);
        await credentials.RefreshAsync(CancellationToken.None);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 12, 48, 0, TimeSpan.Zero), credentials.RenewAt);
        Assert.Equal(TimeSpan.FromMinutes(48), credentials.UntilRenewal());
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(TimeSpan.FromMinutes(18), credentials.UntilRenewal());
        clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(TimeSpan.Zero, credentials.UntilRenewal());

        await credentials.RefreshAsync(CancellationToken.None);
        Assert.Equal("ASIA2", credentials.Current.AccessKeyId);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 13, 38, 0, TimeSpan.Zero), credentials.RenewAt);
        Assert.Equal("SigV4Credentials { AccessKeyId = ASIA2 }", credentials.Current.ToString()); // never the secret
    }

    [Fact]
    public void Renewal_time_of_short_and_expired_credentials()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(at.AddMinutes(12), NodeCredentials.RenewalTime(at, at.AddMinutes(15)));
        Assert.Equal(at, NodeCredentials.RenewalTime(at, at.AddMinutes(-1)));
    }

    [Fact]
    public void Backoff_doubles_from_1_s_to_30_s_with_jitter_and_resets()
    {
        var backoff = ReconnectBackoff.ControlChannel(new Random(7));
        double[] ceilings = [1, 2, 4, 8, 16, 30, 30, 30];
        var delays = new List<TimeSpan>();
        foreach (var ceiling in ceilings)
        {
            var delay = backoff.Next();
            delays.Add(delay);
            Assert.InRange(delay.TotalSeconds, ceiling * 0.75, ceiling);
        }
        // Jitter: the capped delays are not all the same.
        Assert.True(delays[5] != delays[6] || delays[6] != delays[7]);
        backoff.Reset();
        Assert.InRange(backoff.Next().TotalSeconds, 0.75, 1);
    }
}

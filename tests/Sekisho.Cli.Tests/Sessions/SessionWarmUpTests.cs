using Sekisho.Cli.Sessions;

namespace Sekisho.Cli.Tests.Sessions;

public sealed class SessionWarmUpTests
{
    [Fact]
    public async Task Plays_a_whole_fast_mode_handshake()
    {
        // The warm-up swallows handshake errors, so a change to the handshake could leave it warming nothing without
        // anyone noticing; this is where that shows.
        Assert.True(SessionWarmUp.Play());
        Assert.True(await SessionWarmUp.Start());
    }
}

using Sekisho.Protocol.Smux;

namespace Sekisho.Protocol.Tests.Smux;

public sealed class SmuxFuzzTests
{
    [Fact]
    public async Task Random_byte_streams_end_the_session_cleanly_or_with_a_protocol_error()
    {
        var random = new Random(3);
        var protocolErrors = 0;
        for (var i = 0; i < 200; i++)
        {
            var (_, right, leftToRight, _) = PipePair.Create();
            await using var server = SmuxSession.Server(right);
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            // Mostly well-formed headers, so that streams open, carry data and close before the garbage.
            for (var at = 0; at + 8 <= bytes.Length && random.Next(4) != 0; at += 8 + (bytes[at + 1] == 2 ? bytes[at + 2] : 0))
            {
                bytes[at] = 1;
                bytes[at + 1] = (byte)random.Next(4);
                bytes[at + 2] = bytes[at + 1] == 2 ? (byte)random.Next(0, 32) : (byte)0;
                bytes[at + 3] = 0;
            }
            await leftToRight.Writer.WriteAsync(bytes);
            await leftToRight.Writer.CompleteAsync();
            try
            {
                await server.Completion.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (SmuxProtocolException)
            {
                protocolErrors++;
            }
        }
        Assert.InRange(protocolErrors, 1, 199);
    }
}

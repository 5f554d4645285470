using Sekisho.Protocol.DataChannel;

namespace Sekisho.Protocol.Tests.DataChannel;

public sealed class ReliableChannelSimulationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Lossy_reordering_duplicating_transport_with_cuts_delivers_exact_bytes_both_ways(int seed)
    {
        const int Bytes = 2 * 1024 * 1024;
        var simulation = new LossyNetworkSimulation(seed, Bytes,
            ReliableChannelOptions.Client with { SendBufferCapacity = 512, ReceiveBufferCapacity = 256, MaxResendsPerTick = 64 },
            ReliableChannelOptions.Agent with { SendBufferCapacity = 512, ReceiveBufferCapacity = 256, MaxResendsPerTick = 64 });
        Assert.True(simulation.Run(maxSteps: 400_000), $"not finished after {simulation.Steps} steps, received {simulation.ReceivedBytes}");
        Assert.True(simulation.Cuts > 0, "the run should include connection cuts");
        Assert.Equal(Convert.ToHexString(simulation.ClientToAgent.Sent), Convert.ToHexString(simulation.ClientToAgent.Received));
        Assert.Equal(Convert.ToHexString(simulation.AgentToClient.Sent), Convert.ToHexString(simulation.AgentToClient.Received));
    }

    [Fact]
    public void Stock_settings_also_converge_over_a_lossy_transport()
    {
        // One resend per 100 ms tick, as the stock peers do: slower to recover, but exact.
        var simulation = new LossyNetworkSimulation(7, 256 * 1024) { DropRate = 0.02, CutRatePerStep = 0.001 };
        Assert.True(simulation.Run(maxSteps: 400_000), $"not finished after {simulation.Steps} steps, received {simulation.ReceivedBytes}");
        Assert.Equal(Convert.ToHexString(simulation.ClientToAgent.Sent), Convert.ToHexString(simulation.ClientToAgent.Received));
        Assert.Equal(Convert.ToHexString(simulation.AgentToClient.Sent), Convert.ToHexString(simulation.AgentToClient.Received));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Fast_mode_over_a_lossy_reordering_duplicating_transport_with_cuts_delivers_exact_bytes_both_ways(int seed)
    {
        const int Bytes = 8 * 1024 * 1024;
        var fast = FastModeSettings.Default with
        {
            MaxPayload = 64 * 1024, WindowBytes = 1024 * 1024, MinRetransmissionTimeout = TimeSpan.FromMilliseconds(200),
        };
        var simulation = new LossyNetworkSimulation(seed, Bytes) { FastMode = fast, ReadPerStep = 32 * 1024, CutRatePerStep = 0.005 };
        Assert.True(simulation.Run(maxSteps: 400_000), $"not finished after {simulation.Steps} steps, received {simulation.ReceivedBytes}");
        Assert.True(simulation.Cuts > 0, "the run should include connection cuts");
        Assert.Equal(Convert.ToHexString(simulation.ClientToAgent.Sent), Convert.ToHexString(simulation.ClientToAgent.Received));
        Assert.Equal(Convert.ToHexString(simulation.AgentToClient.Sent), Convert.ToHexString(simulation.AgentToClient.Received));
        Assert.InRange(simulation.MaxOutstandingBytes, 1, fast.WindowBytes);
    }

    [Fact]
    public void Fast_mode_with_a_slow_reader_holds_the_writer_by_the_window_without_resends_and_batches_acks()
    {
        const int Bytes = 16 * 1024 * 1024;
        var fast = FastModeSettings.Default with { MaxPayload = 64 * 1024, WindowBytes = 2 * 1024 * 1024, AckEveryMessages = 8 };
        // A clean transport (TCP): nothing lost, duplicated or cut; the reader takes 16 KiB per 5 ms step, far slower
        // than the writer could send, so only the window holds the writer back.
        var simulation = new LossyNetworkSimulation(21, Bytes)
        {
            FastMode = fast, ReadPerStep = 16 * 1024, DropRate = 0, DuplicateRate = 0, CutRatePerStep = 0, NotReadyRate = 0,
            MaxDelay = TimeSpan.FromMilliseconds(2),
        };
        Assert.True(simulation.Run(maxSteps: 400_000), $"not finished after {simulation.Steps} steps, received {simulation.ReceivedBytes}");
        Assert.Equal(Convert.ToHexString(simulation.ClientToAgent.Sent), Convert.ToHexString(simulation.ClientToAgent.Received));
        Assert.Equal(Convert.ToHexString(simulation.AgentToClient.Sent), Convert.ToHexString(simulation.AgentToClient.Received));
        Assert.InRange(simulation.MaxOutstandingBytes, fast.WindowBytes / 2, fast.WindowBytes);
        // Every stream message went out exactly once: backpressure came from the window, not from withheld acks.
        Assert.Equal(simulation.MessagesSent.Client, simulation.StreamFramesSent.Client);
        Assert.Equal(simulation.MessagesSent.Agent, simulation.StreamFramesSent.Agent);
        // Cumulative acks: far fewer than one per message.
        Assert.True(simulation.AckFramesSent.Agent * 2 < simulation.MessagesSent.Client,
            $"{simulation.AckFramesSent.Agent} acks for {simulation.MessagesSent.Client} messages");
    }

    [Fact]
    public void Stock_mode_with_the_same_slow_reader_resends_what_the_reader_refused()
    {
        // The contrast for the test above: the stock way pushes back by withholding acks, which costs resends.
        var simulation = new LossyNetworkSimulation(21, 2 * 1024 * 1024,
            ReliableChannelOptions.Client with { MaxResendsPerTick = 64 }, ReliableChannelOptions.Agent with { MaxResendsPerTick = 64 })
        {
            DropRate = 0, DuplicateRate = 0, CutRatePerStep = 0, NotReadyRate = 0.3, MaxDelay = TimeSpan.FromMilliseconds(2),
        };
        Assert.True(simulation.Run(maxSteps: 400_000), $"not finished after {simulation.Steps} steps, received {simulation.ReceivedBytes}");
        Assert.Equal(Convert.ToHexString(simulation.ClientToAgent.Sent), Convert.ToHexString(simulation.ClientToAgent.Received));
        Assert.True(simulation.StreamFramesSent.Client > simulation.MessagesSent.Client);
    }
}

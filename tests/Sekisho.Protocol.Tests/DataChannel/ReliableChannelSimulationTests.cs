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
}

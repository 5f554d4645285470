namespace Sekisho.Protocol.Tunnels;

/// <summary>Bytes a tunnel moved, for recordings and benchmarks: upstream = client to destination, downstream = back.</summary>
public sealed class TrafficCounters
{
    private long _upstream;
    private long _downstream;
    private long _connections;
    private long _failedConnections;

    public long Upstream => Interlocked.Read(ref _upstream);
    public long Downstream => Interlocked.Read(ref _downstream);

    /// <summary>Connections relayed (dialed successfully on the agent, accepted on the client).</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Connections refused or not dialed.</summary>
    public long FailedConnections => Interlocked.Read(ref _failedConnections);

    public void AddUpstream(int bytes) => Interlocked.Add(ref _upstream, bytes);
    public void AddDownstream(int bytes) => Interlocked.Add(ref _downstream, bytes);
    public void AddConnection() => Interlocked.Increment(ref _connections);
    public void AddFailedConnection() => Interlocked.Increment(ref _failedConnections);
}

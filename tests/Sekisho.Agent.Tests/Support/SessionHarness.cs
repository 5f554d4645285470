using Sekisho.Agent.Sessions;
using Sekisho.Protocol.AgentChannel;

namespace Sekisho.Agent.Tests.Support;

/// <summary>A worker's session over an in-memory data channel: the agent end and a <see cref="TestDataClient"/>.</summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    private readonly QueueSink _toClient;
    private readonly QueueSink _toAgent;

    public SessionHarness(AgentControlMessage start)
    {
        Stream = new SessionDataStream(start);
        Client = new TestDataClient();
        _toClient = new QueueSink(frame => { Client.Channel.Receive(frame); return ValueTask.CompletedTask; });
        _toAgent = new QueueSink(frame => { Stream.Channel.Receive(frame); return ValueTask.CompletedTask; });
        Stream.Channel.Attach(_toClient);
        Client.Channel.Attach(_toAgent);
    }

    public SessionDataStream Stream { get; }

    public TestDataClient Client { get; }

    public bool Started { get; private set; }

    public async Task<int?> RunAsync(ISessionWorker worker, CancellationToken cancellationToken = default)
    {
        Stream.BeginHandshake();
        await Stream.HandshakeCompleted.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        var context = new SessionWorkerContext(Stream.Start, Stream, AgentLog.Null, "mi-0123456789abcdef0", () => Started = true);
        return await worker.RunAsync(context, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // Stop new frames, deliver the queued ones to live channels, then dispose the channels.
        Stream.Channel.Detach();
        Client.Channel.Detach();
        await _toClient.DisposeAsync();
        await _toAgent.DisposeAsync();
        await Stream.DisposeAsync();
        Client.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Threading.Channels;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Server.Identity;
using Sekisho.Server.Sessions;

namespace Sekisho.Server.Tests.Sessions;

/// <summary>Nodes as the sessions domain sees them, with the control channel of a fake agent: what the server sends is queued per node.</summary>
public sealed class FakeNodes : ISessionTargets
{
    private readonly ConcurrentDictionary<string, (string Account, IReadOnlyList<Tag> Tags)> _nodes = new();
    private readonly ConcurrentDictionary<string, bool> _online = new();
    private readonly ConcurrentDictionary<string, bool> _unreachable = new();
    private readonly ConcurrentDictionary<string, Channel<AgentControlMessage>> _sent = new();

    public void Add(string account, string instanceId, bool online, params Tag[] tags)
    {
        _nodes[instanceId] = (account, tags);
        _online[instanceId] = online;
    }

    public void SetOnline(string instanceId, bool online) => _online[instanceId] = online;

    /// <summary>Online, but sends fail: the agent's control socket broke between the online check and the send.</summary>
    public void SetUnreachable(string instanceId, bool unreachable) => _unreachable[instanceId] = unreachable;

    public ChannelReader<AgentControlMessage> Sent(string instanceId) => Queue(instanceId).Reader;

    /// <summary>The next control message of <paramref name="type"/> sent to the node (others of the node are skipped).</summary>
    public async Task<AgentControlMessage> NextAsync(string instanceId, string type, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var message = await Sent(instanceId).ReadAsync(cts.Token);
            if (message.Type == type) return message;
        }
    }

    public ValueTask<IReadOnlyList<Tag>?> GetTagsAsync(string account, string instanceId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_nodes.TryGetValue(instanceId, out var n) && n.Account == account ? n.Tags : null);

    public bool IsOnline(string instanceId) => _online.TryGetValue(instanceId, out var online) && online;

    public ValueTask<bool> SendAsync(string instanceId, AgentControlMessage message, CancellationToken cancellationToken)
    {
        if (!IsOnline(instanceId) || _unreachable.GetValueOrDefault(instanceId)) return ValueTask.FromResult(false);
        Queue(instanceId).Writer.TryWrite(message);
        return ValueTask.FromResult(true);
    }

    private Channel<AgentControlMessage> Queue(string instanceId) => _sent.GetOrAdd(instanceId, _ => Channel.CreateUnbounded<AgentControlMessage>());
}

using System.Collections.Concurrent;

namespace Sekisho.Server.Credentials;

/// <summary>
/// The instance ids of every registered managed node, in memory, so that authenticating a node's temporary
/// credentials (<see cref="SessionGrant.NodeInstanceId"/>) costs one hash lookup and no allocation. The nodes
/// domain fills it from the store and keeps it current from the change feed, so a deregistration on any replica
/// voids the node's credentials on all of them.
/// </summary>
public sealed class RegisteredNodes
{
    /// <summary>How long a request waits for the first load before the node is treated as unknown.</summary>
    public static readonly TimeSpan LoadWait = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, byte> _nodes = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsLoaded => _loaded.Task.IsCompleted;

    public int Count => _nodes.Count;

    public bool Contains(string instanceId) => _nodes.ContainsKey(instanceId);

    /// <summary>Whether the node is registered; waits (up to <see cref="LoadWait"/>) only while the set is not loaded yet.</summary>
    public ValueTask<bool> IsRegisteredAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (_loaded.Task.IsCompleted) return ValueTask.FromResult(_nodes.ContainsKey(instanceId));
        return WaitThenCheckAsync(instanceId, cancellationToken);
    }

    private async ValueTask<bool> WaitThenCheckAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            await _loaded.Task.WaitAsync(LoadWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        return _nodes.ContainsKey(instanceId);
    }

    public void Add(string instanceId) => _nodes[instanceId] = 0;

    public void Remove(string instanceId) => _nodes.TryRemove(instanceId, out _);

    /// <summary>Replaces the whole set (the initial scan) and marks it loaded.</summary>
    public void Load(IEnumerable<string> instanceIds)
    {
        var fresh = new HashSet<string>(instanceIds, StringComparer.Ordinal);
        foreach (var id in _nodes.Keys)
            if (!fresh.Contains(id)) _nodes.TryRemove(id, out _);
        foreach (var id in fresh) _nodes[id] = 0;
        _loaded.TrySetResult();
    }
}

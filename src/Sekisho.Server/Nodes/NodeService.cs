using System.Text.Json;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Server.Api;
using Sekisho.Server.Authorization;
using Sekisho.Server.Credentials;
using Sekisho.Server.Hosting;
using Sekisho.Server.Identity;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Nodes;

/// <summary>
/// Managed nodes in the store: lookup, listing, inventory updates from the agent's hello, tags and
/// deregistration. Registration itself is <see cref="NodeRegistration"/>.
/// </summary>
public sealed class NodeService(IStore store, RegisteredNodes registered, DataFolder.Settings settings, TimeProvider time)
{
    public const int MaxTags = 50;
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public string Region => settings.Region;

    internal static string NodeKey(string account, string instanceId) => $"/accounts/{account}/ssm/nodes/{instanceId}";

    internal static string NodePrefix(string account) => $"/accounts/{account}/ssm/nodes/";

    internal const string IndexPrefix = "/ssm/nodes/";

    internal static string IndexKey(string instanceId) => IndexPrefix + instanceId;

    /// <summary>The node, or null when the account has no such node.</summary>
    public async Task<NodeRecord?> GetAsync(string account, string instanceId, CancellationToken cancellationToken) =>
        (await ReadAsync(account, instanceId, cancellationToken))?.Record;

    /// <summary>The node by id alone (the agent endpoints), or null.</summary>
    public async Task<NodeRecord?> FindAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (!NodeIds.IsInstanceId(instanceId)) return null;
        var index = await store.GetAsync(IndexKey(instanceId), cancellationToken);
        if (index is null) return null;
        var account = JsonSerializer.Deserialize<NodeIndexRecord>(index.Value.Span, Json)!.Account;
        return await GetAsync(account, instanceId, cancellationToken);
    }

    /// <summary>Every node of the account, in id order.</summary>
    public async Task<IReadOnlyList<NodeRecord>> ListAsync(string account, CancellationToken cancellationToken)
    {
        var nodes = new List<NodeRecord>();
        string? after = null;
        while (true)
        {
            var page = await store.ScanAsync(new ScanRequest(NodePrefix(account), after, 1000), cancellationToken);
            foreach (var item in page.Items) nodes.Add(Read(item.Value));
            if (!page.More) return nodes;
            after = page.NextStartAfter;
        }
    }

    /// <summary>
    /// The node's facts for authorization: its tags as <c>aws:ResourceTag/*</c> (ssm:StartSession,
    /// ssm:AddTagsToResource, ...). <paramref name="instanceIdOrArn"/> is <c>mi-...</c> or the node's ARN; an unknown
    /// node has no tags.
    /// </summary>
    public async ValueTask<ResourceFacts> ResourceFactsAsync(string account, string instanceIdOrArn, CancellationToken cancellationToken)
    {
        var id = instanceIdOrArn[(instanceIdOrArn.LastIndexOf('/') + 1)..];
        var node = await GetAsync(account, id, cancellationToken);
        if (node is null || node.Tags.Count == 0) return ResourceFacts.None;
        var tags = new Dictionary<string, string>(node.Tags.Count, StringComparer.Ordinal);
        foreach (var tag in node.Tags) tags[tag.Key] = tag.Value;
        return new ResourceFacts(null, tags);
    }

    /// <summary>Records the agent's hello (versions, platform, computer name, address) and the time as the last ping.</summary>
    public Task<NodeRecord?> RecordHelloAsync(string account, string instanceId, AgentControlMessage hello, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return UpdateAsync(account, instanceId, node => node with
        {
            AgentVersion = Limit(hello.AgentVersion, 64) ?? node.AgentVersion,
            PlatformName = Limit(hello.PlatformName, 128) ?? node.PlatformName,
            PlatformType = Limit(hello.PlatformType, 32) ?? node.PlatformType,
            PlatformVersion = Limit(hello.PlatformVersion, 64) ?? node.PlatformVersion,
            ComputerName = Limit(hello.ComputerName, 255) ?? node.ComputerName,
            IpAddress = Limit(hello.IpAddress, 46) ?? node.IpAddress,
            LastPingDateTime = now,
            Connected = true,
        }, cancellationToken);
    }

    /// <summary>Marks the node's agent as gone (ConnectionLost for every replica that does not hold its socket).</summary>
    public Task<NodeRecord?> RecordDisconnectAsync(string account, string instanceId, CancellationToken cancellationToken) =>
        UpdateAsync(account, instanceId, node => node with { Connected = false }, cancellationToken);

    /// <summary>Adds or replaces tags (at most <see cref="MaxTags"/> in all).</summary>
    public async Task AddTagsAsync(string account, string instanceId, IReadOnlyList<Tag> tags, CancellationToken cancellationToken)
    {
        var updated = await UpdateAsync(account, instanceId, node =>
        {
            var merged = new List<Tag>(node.Tags);
            foreach (var tag in tags)
            {
                var at = merged.FindIndex(t => t.Key == tag.Key);
                if (at >= 0) merged[at] = tag;
                else merged.Add(tag);
            }
            if (merged.Count > MaxTags)
                throw new AwsErrorException("TooManyTagsError", $"The Tags parameter contains too many tags: a resource has at most {MaxTags}.");
            return node with { Tags = merged };
        }, cancellationToken);
        if (updated is null) throw InvalidResourceId(instanceId);
    }

    public async Task RemoveTagsAsync(string account, string instanceId, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var updated = await UpdateAsync(account, instanceId, node => node with { Tags = node.Tags.Where(t => !keys.Contains(t.Key)).ToList() }, cancellationToken);
        if (updated is null) throw InvalidResourceId(instanceId);
    }

    /// <summary>
    /// Deletes the node and its index entry in one transaction; its credentials stop working here at once and on
    /// other replicas as soon as their change feed delivers the delete. False when there was no such node.
    /// </summary>
    public async Task<bool> DeregisterAsync(string account, string instanceId, CancellationToken cancellationToken)
    {
        var key = NodeKey(account, instanceId);
        var result = await store.CommitAsync(new Transaction([Condition.Exists(key)], [Write.Delete(key), Write.Delete(IndexKey(instanceId))]), cancellationToken);
        if (!result.Committed) return false;
        registered.Remove(instanceId);
        return true;
    }

    internal static AwsErrorException InvalidResourceId(string id) =>
        new("InvalidResourceId", $"The resource ID \"{id}\" is not valid. Verify the ID and try again.");

    internal async Task<(NodeRecord Record, long Revision)?> ReadAsync(string account, string instanceId, CancellationToken cancellationToken)
    {
        if (!NodeIds.IsInstanceId(instanceId)) return null;
        var item = await store.GetAsync(NodeKey(account, instanceId), cancellationToken);
        return item is null ? null : (Read(item.Value), item.Revision);
    }

    internal static NodeRecord Read(ReadOnlyMemory<byte> bytes) =>
        JsonSerializer.Deserialize<NodeRecord>(bytes.Span, Json) ?? throw new InvalidDataException("stored node is null");

    internal static byte[] Serialize(NodeRecord node) => JsonSerializer.SerializeToUtf8Bytes(node, Json);

    /// <summary>Read-modify-write with compare-and-swap, retried on a concurrent change; null when the node is gone.</summary>
    private async Task<NodeRecord?> UpdateAsync(string account, string instanceId, Func<NodeRecord, NodeRecord> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await ReadAsync(account, instanceId, cancellationToken);
            if (current is null) return null;
            var updated = change(current.Value.Record);
            var result = await store.CommitAsync(new Transaction(
                [Condition.RevisionIs(NodeKey(account, instanceId), current.Value.Revision)],
                [Write.Put(NodeKey(account, instanceId), Serialize(updated))]), cancellationToken);
            if (result.Committed) return updated;
            if (attempt >= 20) throw new StorageConflictException(Condition.RevisionIs(NodeKey(account, instanceId), current.Value.Revision), result.ActualRevision);
        }
    }

    private static string? Limit(string? value, int max) => value is null ? null : value.Length <= max ? value : value[..max];
}

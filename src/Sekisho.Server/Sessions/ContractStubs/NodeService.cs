namespace Sekisho.Server.Nodes;

// TEMPORARY stand-in for ssm-nodes' "Nodes contract" (removed when that branch is merged).
public sealed class NodeService
{
    public Task<NodeRecord?> GetAsync(string account, string instanceId, CancellationToken cancellationToken) => Task.FromResult<NodeRecord?>(null);
}

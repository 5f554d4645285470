namespace Sekisho.Server.Nodes;

/// <summary>
/// <c>/ssm/nodes/{instanceId}</c> (and <c>/ssm/activations/{id}</c>): which account owns a node or an activation,
/// for the agent endpoints, which know only the id. Its presence is what "registered" means to
/// <see cref="Credentials.RegisteredNodes"/>.
/// </summary>
public sealed record NodeIndexRecord(string Account);

namespace Sekisho.Server.Authorization;

/// <summary>One action on one resource, with the resource's facts and the operation's own context keys.</summary>
public sealed record AuthorizationRequest(
    string Action,
    string Resource,
    ResourceFacts ResourceFacts,
    IReadOnlyList<KeyValuePair<string, string[]>>? OperationKeys = null);

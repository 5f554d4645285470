using System.Text.Json.Nodes;

namespace Sekisho.Server.Api.Iam;

/// <summary>
/// One IAM API operation as the authorization path sees it (DESIGN.md principle 2): the IAM action it needs, how
/// to name the resource it acts on, and the handler that runs once authorization allowed it.
/// </summary>
public sealed record IamOperation(
    string Name,
    string Action,
    Func<IamRequest, CancellationToken, ValueTask<string>> Resource,
    Func<IamRequest, CancellationToken, Task<JsonObject?>> Handle);

using System.Text.Json.Nodes;
using Sekisho.Server.Authentication;
using Sekisho.Server.Authorization;

namespace Sekisho.Server.Api;

/// <summary>One authenticated, parsed call handed to an operation handler: input members keyed by the model's member names.</summary>
public sealed record OperationRequest(
    Caller Caller,
    string Service,
    string Operation,
    JsonObject Input,
    string RequestId,
    RequestFacts Facts,
    IServiceProvider Services)
{
    /// <summary>Decisions the handler made itself, for the audit log (see <see cref="AuthorizationTrail"/>).</summary>
    public AuthorizationTrail Trail { get; } = new();

    /// <summary>A string member of the input, or null.</summary>
    public string? String(string member) => Input[member]?.GetValue<string>();
}

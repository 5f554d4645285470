using System.Text.Json.Nodes;

namespace Sekisho.Server.Nodes;

// TEMPORARY stand-in for ssm-nodes' "Nodes contract" (removed when that branch is merged).
public sealed record SessionDocument(string Name, string Arn, string SessionType, JsonObject Inputs, JsonObject Parameters, IReadOnlyDictionary<string, string> Properties);

using System.Text.Json.Nodes;

namespace Sekisho.Policy.Differential.Tests;

/// <summary>What <c>sekisho policy simulate</c> decided for one scenario.</summary>
public sealed record SekishoResult(string Decision, string? Message, JsonNode? Explanation);

using System.Text.Json.Nodes;

namespace Sekisho.Policy.Differential.Tests;

/// <summary>A documented divergence class a difference may belong to, and the scenario with that cause neutralised.</summary>
public sealed record DivergenceCandidate(DivergenceClass Class, JsonObject Neutralized);

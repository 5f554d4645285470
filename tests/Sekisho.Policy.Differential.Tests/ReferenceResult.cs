namespace Sekisho.Policy.Differential.Tests;

/// <summary>What iam-simulate decided for one scenario (see tools/reference/iam-simulate-runner.mjs).</summary>
public sealed record ReferenceResult(string? Decision, string? Error, IReadOnlyList<string> IgnoredContextKeys, IReadOnlyList<string> DerivedContextKeys);

using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>
/// What an engine answered for one request: a decision with its reason and error policy-id sets, or a
/// failure (the policies, entities, schema or request were rejected before evaluation). Failures compare
/// equal to each other whatever their message: the two engines word errors differently.
/// </summary>
public sealed record FuzzOutcome(string? Decision, ImmutableArray<string> Reason, ImmutableArray<string> Errors, string Detail)
{
    public bool IsFailure => Decision is null;

    public static FuzzOutcome Failure(string detail) => new(null, [], [], detail);

    public static FuzzOutcome Of(string decision, IEnumerable<string> reason, IEnumerable<string> errors, string detail) =>
        new(decision, [.. reason.Distinct().Order(StringComparer.Ordinal)], [.. errors.Distinct().Order(StringComparer.Ordinal)], detail);

    public static FuzzOutcome FromRunner(JsonObject r)
    {
        if (r["failure"] is JsonArray f) return Failure(f.ToJsonString());
        return Of(
            r["decision"]!.GetValue<string>(),
            r["reason"]!.AsArray().Select(x => x!.GetValue<string>()),
            r["errors"]!.AsArray().Select(x => x!.GetValue<string>()),
            r["errorMessages"]?.ToJsonString() ?? "");
    }

    public bool SameAs(FuzzOutcome other) =>
        IsFailure == other.IsFailure && Decision == other.Decision && Reason.SequenceEqual(other.Reason) && Errors.SequenceEqual(other.Errors);

    public override string ToString() => IsFailure
        ? $"failure {Detail}"
        : $"{Decision} reason=[{string.Join(", ", Reason)}] errors=[{string.Join(", ", Errors)}] {Detail}";
}

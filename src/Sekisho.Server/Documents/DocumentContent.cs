using System.Text.Json.Nodes;

namespace Sekisho.Server.Documents;

/// <summary>The parts of a validated Session document's content (see <see cref="DocumentContentParser"/>).</summary>
public sealed record DocumentContent(
    string SessionType,
    string? Description,
    JsonObject Inputs,
    IReadOnlyDictionary<string, DocumentParameter> Parameters,
    JsonObject Properties,
    IReadOnlyList<string>? AllowedDestinations,
    SessionPreferences? Preferences);

using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sekisho.Server.Api;

namespace Sekisho.Server.Documents;

/// <summary>
/// StartSession's parameters against a document: unknown names refused, defaults applied, each value checked
/// against the parameter's type and constraints, then <c>{{ name }}</c> substituted into the properties (with a Port
/// document's top-level <c>allowedDestinations</c> added as the property of that name, for the agent).
/// </summary>
public static partial class DocumentParameterResolver
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_:./\-]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>The names inside <c>{{ ... }}</c> in <paramref name="text"/>.</summary>
    public static IEnumerable<string> Placeholders(string text)
    {
        foreach (Match match in Placeholder().Matches(text)) yield return match.Groups[1].Value;
    }

    /// <summary>What is wrong with <paramref name="values"/> for <paramref name="parameter"/>, or null when they are fine.</summary>
    public static string? Check(DocumentParameter parameter, IReadOnlyList<string> values)
    {
        if (!parameter.IsList && values.Count != 1)
            return $"Parameter \"{parameter.Name}\" is of type String and takes exactly one value, not {values.Count}.";
        if (parameter.MinItems is { } min && values.Count < min)
            return $"Parameter \"{parameter.Name}\" needs at least {min} values, not {values.Count}.";
        if (parameter.MaxItems is { } max && values.Count > max)
            return $"Parameter \"{parameter.Name}\" takes at most {max} values, not {values.Count}.";
        foreach (var value in values)
        {
            if (parameter.AllowedValues is { } allowed && !allowed.Contains(value))
                return $"Parameter \"{parameter.Name}\" value \"{value}\" is not one of the allowed values [{string.Join(", ", allowed)}].";
            if (parameter.AllowedPattern is { } pattern && !Matches(pattern, value))
                return $"Parameter \"{parameter.Name}\" value \"{value}\" does not match the allowed pattern {pattern}.";
        }
        return null;
    }

    /// <summary>
    /// Resolves the call's parameters and returns the document's properties with the values substituted, flattened
    /// to strings (for command documents, the <c>linux</c> platform's properties). Throws <c>InvalidParameters</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Resolve(SessionDocument document, IReadOnlyDictionary<string, IReadOnlyList<string>>? parameters)
    {
        var values = ResolveValues(document, parameters);
        var properties = document.Properties;
        if (document.SessionType is SessionTypes.InteractiveCommands or SessionTypes.NonInteractiveCommands && properties["linux"] is JsonObject linux)
            properties = linux;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in properties)
        {
            if (node is null) continue;
            result[name] = node switch
            {
                JsonValue v when v.GetValueKind() == JsonValueKind.String => Substitute(v.GetValue<string>(), values),
                JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
                JsonArray array => JoinLines(array, values),
                _ => Substitute(node.ToJsonString(), values),
            };
        }
        if (document.AllowedDestinations is { } allowed)
        {
            // The top-level list reaches the agent, which enforces it, as the property it reads. A document that has
            // both was refused when written; one stored before that check is refused here rather than half enforced.
            if (result.ContainsKey("allowedDestinations"))
                throw new AwsErrorException("InvalidDocument",
                    $"Document {document.Name} has allowedDestinations both at the top level and in its properties: keep one.");
            result["allowedDestinations"] = string.Join(", ", allowed);
        }
        return result;
    }

    /// <summary>Every declared parameter's value (given or default), checked; StringList values joined by newlines.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ResolveValues(SessionDocument document, IReadOnlyDictionary<string, IReadOnlyList<string>>? parameters)
    {
        if (parameters is not null)
            foreach (var (name, _) in parameters)
                if (!document.Parameters.ContainsKey(name))
                    throw new AwsErrorException("InvalidParameters",
                        $"Parameter \"{name}\" is not defined in document {document.Name}. Valid parameters: [{string.Join(", ", document.Parameters.Keys)}].");
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, parameter) in document.Parameters)
        {
            IReadOnlyList<string>? given = parameters is not null && parameters.TryGetValue(name, out var v) ? v : null;
            var chosen = given ?? parameter.Default
                ?? throw new AwsErrorException("InvalidParameters", $"Parameter \"{name}\" is required by document {document.Name} and has no default value.");
            if (Check(parameter, chosen) is { } problem) throw new AwsErrorException("InvalidParameters", problem);
            values[name] = chosen;
        }
        return values;
    }

    private static string JoinLines(JsonArray array, IReadOnlyDictionary<string, IReadOnlyList<string>> values)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < array.Count; i++)
        {
            if (i > 0) builder.Append('\n');
            var item = array[i];
            builder.Append(item is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? Substitute(v.GetValue<string>(), values)
                : item?.ToJsonString() ?? "");
        }
        return builder.ToString();
    }

    private static string Substitute(string text, IReadOnlyDictionary<string, IReadOnlyList<string>> values) =>
        Placeholder().Replace(text, match =>
            values.TryGetValue(match.Groups[1].Value, out var value) ? string.Join("\n", value) : match.Value);

    private static bool Matches(string pattern, string value)
    {
        // Account documents bring their own patterns: cache a bounded number of them.
        if (!Patterns.TryGetValue(pattern, out var regex))
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, PatternTimeout);
            if (Patterns.Count < 1024) Patterns.TryAdd(pattern, regex);
        }
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sekisho.Protocol.Aws;

/// <summary>
/// Checks input against the model's constraints (required members, lengths, ranges, patterns, enums) and words
/// each violation as AWS services do: <c>Value 'x' at 'userName' failed to satisfy constraint: Member must ...</c>.
/// Values of sensitive shapes (passwords, secrets) are never echoed.
/// </summary>
public sealed class ShapeValidator(AwsServiceModel model)
{
    private static readonly ConcurrentDictionary<string, Regex?> Patterns = new(StringComparer.Ordinal);

    /// <summary>The violations in <paramref name="input"/> against <paramref name="shapeName"/>, in member order.</summary>
    public List<string> Validate(string shapeName, JsonObject input)
    {
        var violations = new List<string>();
        CheckStructure(model.Shape(shapeName), input, "", violations);
        return violations;
    }

    /// <summary>AWS's summary line: "1 validation error detected: ..." / "N validation errors detected: a; b".</summary>
    public static string Summarize(IReadOnlyList<string> violations) =>
        $"{violations.Count} validation error{(violations.Count == 1 ? "" : "s")} detected: {string.Join("; ", violations)}";

    private void CheckStructure(AwsShape shape, JsonObject obj, string path, List<string> violations)
    {
        // Paths and shown values are built only where needed: this runs on every request's input.
        foreach (var member in shape.Members)
        {
            if (!obj.TryGetPropertyValue(member.Name, out var value) || value is null)
            {
                if (shape.Required.Contains(member.Name))
                    violations.Add($"Value null at '{MemberPaths.Of(path, member.Name)}' failed to satisfy constraint: Member must not be null");
                continue;
            }
            Check(model.Shape(member.ShapeName), value, MemberPaths.Of(path, member.Name), violations);
        }
    }

    private void Check(AwsShape shape, JsonNode value, string path, List<string> violations)
    {
        switch (shape.Type)
        {
            case "structure" when value is JsonObject o:
                CheckStructure(shape, o, path, violations);
                break;
            case "list" when value is JsonArray a:
                CheckSize(shape, a.Count, value, path, violations);
                var element = model.Shape(shape.Member!.ShapeName);
                for (var i = 0; i < a.Count; i++)
                    if (a[i] is { } item) Check(element, item, $"{path}.{i + 1}.member", violations);
                break;
            case "map" when value is JsonObject m:
                CheckSize(shape, m.Count, value, path, violations);
                var valueShape = model.Shape(shape.Value!.ShapeName);
                foreach (var (k, v) in m)
                {
                    Check(model.Shape(shape.Key!.ShapeName), JsonValue.Create(k), $"{path}.{k}.key", violations);
                    if (v is not null) Check(valueShape, v, $"{path}.{k}.value", violations);
                }
                break;
            case "string":
                var s = value.GetValue<string>();
                // In characters as people see them; for ASCII (nearly every value) that is the string's length.
                CheckSize(shape, Ascii.IsValid(s) ? s.Length : new StringInfo(s).LengthInTextElements, value, path, violations);
                if (shape.Enum is { Count: > 0 } allowed && !allowed.Contains(s))
                    violations.Add($"Value {Shown(shape, value)} at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
                if (shape.Pattern is { } pattern && Pattern(pattern) is { } regex && !Matches(regex, s))
                    violations.Add($"Value {Shown(shape, value)} at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}");
                break;
            case "integer" or "long":
                var n = value.GetValue<long>();
                if (shape.Min is { } min && n < min)
                    violations.Add($"Value '{n}' at '{path}' failed to satisfy constraint: Member must have value greater than or equal to {min}");
                if (shape.Max is { } max && n > max)
                    violations.Add($"Value '{n}' at '{path}' failed to satisfy constraint: Member must have value less than or equal to {max}");
                break;
        }
    }

    private static void CheckSize(AwsShape shape, long size, JsonNode value, string path, List<string> violations)
    {
        if (shape.Min is { } min && size < min)
            violations.Add($"Value {Shown(shape, value)} at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        if (shape.Max is { } max && size > max)
            violations.Add($"Value {Shown(shape, value)} at '{path}' failed to satisfy constraint: Member must have length less than or equal to {max}");
    }

    private static string Shown(AwsShape shape, JsonNode value) =>
        shape.Sensitive ? "'***'" : value is JsonValue v && v.TryGetValue<string>(out var s) ? $"'{s}'" : $"'{value.ToJsonString()}'";

    private static bool Matches(Regex regex, string s)
    {
        try
        {
            return regex.IsMatch(s);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// The model's patterns are Java regular expressions matched against the whole value; ECMAScript mode gives
    /// \w and \d their ASCII meaning as in Java. A pattern .NET cannot compile is not enforced (null).
    /// </summary>
    private static Regex? Pattern(string pattern) => Patterns.GetOrAdd(pattern, p =>
    {
        foreach (var options in new[] { RegexOptions.ECMAScript, RegexOptions.CultureInvariant })
        {
            try
            {
                return new Regex($"^(?:{p})$", options, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException)
            {
                // try the next dialect
            }
        }
        return null;
    });
}

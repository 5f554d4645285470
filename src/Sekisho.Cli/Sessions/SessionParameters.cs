using System.Text.Json;

namespace Sekisho.Cli.Sessions;

/// <summary>
/// <c>--parameters</c> in the AWS CLI's two forms: shorthand <c>name=value,name2=value2</c> (a repeated name adds a
/// value; <c>name=[a,b]</c> gives several) and JSON <c>{"name":["value"],"name2":"value"}</c>.
/// </summary>
public static class SessionParameters
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Parse(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var trimmed = text.TrimStart();
            if (trimmed.StartsWith('{'))
            {
                ParseJson(trimmed, result);
            }
            else
            {
                ParseShorthand(text, result);
            }
        }
        var readOnly = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in result) readOnly[name] = values;
        return readOnly;
    }

    private static void ParseJson(string text, Dictionary<string, List<string>> result)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new CliException($"--parameters: invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CliException("--parameters: JSON must be an object of name to list of strings, e.g. {\"commands\":[\"whoami\"]}");
            }
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var values = Values(result, property.Name);
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        values.Add(property.Value.GetString()!);
                        break;
                    case JsonValueKind.Array:
                        var index = 0;
                        foreach (var item in property.Value.EnumerateArray())
                        {
                            if (item.ValueKind != JsonValueKind.String)
                            {
                                throw new CliException($"--parameters: {property.Name}[{index}] is {item.ValueKind}, expected a string");
                            }
                            values.Add(item.GetString()!);
                            index++;
                        }
                        break;
                    default:
                        throw new CliException($"--parameters: {property.Name} is {property.Value.ValueKind}, expected a list of strings");
                }
            }
        }
    }

    private static void ParseShorthand(string text, Dictionary<string, List<string>> result)
    {
        // As in the AWS CLI's shorthand, a segment without '=' is one more value of the name before it:
        // "commands=a,b" is commands=[a, b], "a=1,b=2" two names.
        List<string>? current = null;
        var position = 0;
        foreach (var segment in SplitTopLevel(text))
        {
            var eq = segment.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                if (current is null)
                {
                    throw new CliException($"--parameters: expected name=value at character {position + 1} of '{text}'");
                }
                current.Add(segment);
            }
            else
            {
                var name = segment[..eq].Trim();
                if (name.Length == 0)
                {
                    throw new CliException($"--parameters: empty name before '=' at character {position + eq + 1} of '{text}'");
                }
                current = Values(result, name);
                var value = segment[(eq + 1)..];
                if (value.StartsWith('[') && value.EndsWith(']'))
                {
                    foreach (var item in value[1..^1].Split(','))
                    {
                        current.Add(item.Trim());
                    }
                }
                else
                {
                    current.Add(value);
                }
            }
            position += segment.Length + 1;
        }
    }

    private static List<string> SplitTopLevel(string text)
    {
        var segments = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '[':
                    depth++;
                    break;
                case ']':
                    if (depth == 0) throw new CliException($"--parameters: ']' at character {i + 1} of '{text}' has no opening '['");
                    depth--;
                    break;
                case ',' when depth == 0:
                    segments.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }
        if (depth != 0)
        {
            throw new CliException($"--parameters: '[' in '{text}' has no closing ']'");
        }
        segments.Add(text[start..]);
        return segments;
    }

    private static List<string> Values(Dictionary<string, List<string>> result, string name)
    {
        if (!result.TryGetValue(name, out var values))
        {
            result[name] = values = [];
        }
        return values;
    }
}

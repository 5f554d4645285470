using System.Globalization;

namespace Sekisho.Cli.Aws;

/// <summary>
/// The INI dialect of <c>~/.aws/config</c> and <c>~/.aws/credentials</c> as botocore reads it: <c>[section]</c>
/// headers, <c>key = value</c> (or <c>key: value</c>), full-line comments with <c>#</c> or <c>;</c>, no inline
/// comments, and indented continuation lines that make nested settings (<c>ssm =\n  endpoint_url = ...</c>).
/// A later section or key of the same name overrides an earlier one.
/// </summary>
public static class AwsIniFile
{
    /// <summary>Reads <paramref name="path"/>; a missing file is an empty one, as for the AWS CLI.</summary>
    public static IReadOnlyDictionary<string, AwsIniSection> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return new Dictionary<string, AwsIniSection>(StringComparer.Ordinal);
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}", e);
        }
        return Parse(text, path);
    }

    public static IReadOnlyDictionary<string, AwsIniSection> Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sections = new Dictionary<string, (int Line, Dictionary<string, AwsIniValue> Values)>(StringComparer.Ordinal);
        Dictionary<string, AwsIniValue>? current = null;
        AwsIniValue? last = null;
        Dictionary<string, string>? lastNested = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var raw = lines[i].TrimEnd('\r');
            var trimmed = raw.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }
            var indented = raw.Length > 0 && char.IsWhiteSpace(raw[0]);
            if (indented && last is not null && lastNested is not null)
            {
                var (nestedKey, nestedValue) = SplitKeyValue(trimmed, file, lineNumber);
                lastNested[nestedKey] = nestedValue;
                continue;
            }
            if (indented && last is not null && current is not null)
            {
                // A continuation line of a multi-line value, as Python's configparser joins them.
                last = last with { Value = last.Value + "\n" + trimmed };
                current[last.Key] = last;
                continue;
            }
            if (trimmed[0] == '[')
            {
                if (trimmed[^1] != ']')
                {
                    throw new CliException($"{file} line {lineNumber}: section header '{trimmed}' has no closing ']'");
                }
                var name = trimmed[1..^1].Trim();
                if (!sections.TryGetValue(name, out var section))
                {
                    section = (lineNumber, new Dictionary<string, AwsIniValue>(StringComparer.Ordinal));
                    sections[name] = section;
                }
                current = section.Values;
                last = null;
                lastNested = null;
                continue;
            }
            if (current is null)
            {
                throw new CliException($"{file} line {lineNumber}: '{trimmed}' comes before any [section] header");
            }
            var (key, value) = SplitKeyValue(trimmed, file, lineNumber);
            lastNested = new Dictionary<string, string>(StringComparer.Ordinal);
            last = new AwsIniValue(key, value, file, lineNumber, lastNested);
            current[key] = last;
            if (value.Length != 0)
            {
                // Only a key with an empty value opens nested settings; under others an indented line continues the value.
                lastNested = null;
            }
        }
        var result = new Dictionary<string, AwsIniSection>(StringComparer.Ordinal);
        foreach (var (name, (line, values)) in sections)
        {
            result[name] = new AwsIniSection(name, file, line, values);
        }
        return result;
    }

    private static (string Key, string Value) SplitKeyValue(string line, string file, int lineNumber)
    {
        var separator = line.AsSpan().IndexOfAny('=', ':');
        if (separator <= 0)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"{file} line {lineNumber}: expected 'key = value', found '{line}'"));
        }
        return (line[..separator].Trim(), line[(separator + 1)..].Trim());
    }
}

namespace Sekisho.Cli.Aws;

/// <summary>One setting of an AWS config or credentials file, with where it was written (for precise errors).</summary>
/// <param name="Value">The value, trimmed; empty for a key that only opens nested settings.</param>
/// <param name="Nested">Indented <c>key = value</c> lines under it (the <c>[services]</c> form), empty otherwise.</param>
public sealed record AwsIniValue(string Key, string Value, string File, int Line, IReadOnlyDictionary<string, string> Nested)
{
    public string Where => $"{File} line {Line}";
}

namespace Sekisho.Cli.Aws;

/// <summary>A <c>[section]</c> of an AWS config or credentials file.</summary>
public sealed record AwsIniSection(string Name, string File, int Line, IReadOnlyDictionary<string, AwsIniValue> Values);

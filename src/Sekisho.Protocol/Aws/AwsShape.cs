namespace Sekisho.Protocol.Aws;

/// <summary>One shape of a service model: its type, members and the constraints the service enforces on input.</summary>
public sealed record AwsShape(
    string Name,
    string Type,
    IReadOnlyList<AwsMember> Members,
    IReadOnlySet<string> Required,
    AwsMember? Member,
    AwsMember? Key,
    AwsMember? Value,
    long? Min,
    long? Max,
    string? Pattern,
    IReadOnlyList<string>? Enum,
    bool Flattened,
    string? TimestampFormat,
    bool Sensitive,
    AwsErrorInfo? Error)
{
    public bool IsStructure => Type == "structure";
    public bool IsList => Type == "list";
    public bool IsMap => Type == "map";
}

namespace Sekisho.Protocol.Aws;

/// <summary>An operation of a service model: its input and output shapes and the errors it declares.</summary>
public sealed record AwsOperation(string Name, string? InputShape, string? OutputShape, string? ResultWrapper, IReadOnlyList<string> Errors);

using System.Text.Json.Nodes;

namespace Sekisho.Protocol.Aws;

/// <summary>A request's input read by a protocol reader: the operation and its members, or the error to answer.</summary>
public readonly record struct AwsInput(AwsOperation? Operation, JsonObject? Members, AwsError? Error)
{
    public static AwsInput Fail(AwsError error) => new(null, null, error);
}

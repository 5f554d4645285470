using Sekisho.Protocol.Aws;

namespace Sekisho.Protocol.Signing;

/// <summary>Either the parsed authorization of a request or the reason it is not a well-formed SigV4 request.</summary>
public readonly record struct SigV4ParseResult(SigV4Authorization? Authorization, AwsError? Error)
{
    public bool Ok => Authorization is not null;
}

using Sekisho.Protocol.Aws;
using Sekisho.Protocol.Signing;

namespace Sekisho.Server.Authentication;

/// <summary>The caller and the verified signature claims, or the AWS error that refused the request.</summary>
public readonly record struct AuthenticationResult(Caller? Caller, SigV4Authorization? Signature, AwsError? Error);

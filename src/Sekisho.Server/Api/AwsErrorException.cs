using Sekisho.Protocol.Aws;

namespace Sekisho.Server.Api;

/// <summary>Thrown by a handler to answer with an AWS error (NoSuchEntity, EntityAlreadyExists, LimitExceeded, ...).</summary>
public sealed class AwsErrorException(AwsError error) : Exception(error.Code + ": " + error.Message)
{
    public AwsError Error { get; } = error;

    public AwsErrorException(string code, string message, int httpStatus = 400) : this(new AwsError(code, message, httpStatus)) { }
}

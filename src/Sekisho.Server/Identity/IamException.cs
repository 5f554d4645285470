using Sekisho.Protocol.Aws;

namespace Sekisho.Server.Identity;

/// <summary>A refusal of the identity domain, carrying the AWS error the IAM API answers with.</summary>
public sealed class IamException : Exception
{
    public IamException() : this(new AwsError("ServiceFailure", "unknown", 500, false)) { }

    public IamException(string message) : this(new AwsError("ServiceFailure", message, 500, false)) { }

    public IamException(string message, Exception inner) : base(message, inner) => Error = new AwsError("ServiceFailure", message, 500, false);

    public IamException(AwsError error) : base(error.Code + ": " + error.Message) => Error = error;

    public AwsError Error { get; }
}

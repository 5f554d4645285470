namespace Sekisho.Server.Api;

/// <summary>The two request protocols of the AWS front.</summary>
public enum AwsProtocol
{
    /// <summary>IAM, STS: form-encoded body, XML response.</summary>
    Query,

    /// <summary>SSM: JSON 1.1 body, operation in X-Amz-Target.</summary>
    Json,
}

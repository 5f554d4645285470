using Sekisho.Protocol.Aws;

namespace Sekisho.Server.Identity;

/// <summary>The IAM errors of the botocore model, with AWS's codes and HTTP statuses.</summary>
public static class IamErrors
{
    public static IamException NoSuchEntity(string message) => new(new AwsError("NoSuchEntity", message, 404));

    public static IamException AlreadyExists(string message) => new(new AwsError("EntityAlreadyExists", message, 409));

    public static IamException DeleteConflict(string message) => new(new AwsError("DeleteConflict", message, 409));

    public static IamException LimitExceeded(string message) => new(new AwsError("LimitExceeded", message, 409));

    public static IamException InvalidInput(string message) => new(new AwsError("InvalidInput", message, 400));

    public static IamException Malformed(string message) => new(new AwsError("MalformedPolicyDocument", message, 400));

    public static IamException InvalidCode(string message) => new(new AwsError("InvalidAuthenticationCode", message, 403));

    public static IamException PasswordPolicy(string message) => new(new AwsError("PasswordPolicyViolation", message, 400));

    public static IamException ConcurrentModification(string message) => new(new AwsError("ConcurrentModification", message, 409));

    public static IamException InvalidUserType(string message) => new(new AwsError("InvalidUserType", message, 400));
}

using Sekisho.Protocol.Aws;

namespace Sekisho.Protocol.Signing;

/// <summary>The errors of SigV4 authentication, worded as AWS words them.</summary>
public static class SigV4Errors
{
    public static AwsError Missing() =>
        new("MissingAuthenticationToken", "Request is missing Authentication Token", 403);

    public static AwsError Incomplete(string message) => new("IncompleteSignature", message, 400);

    public static AwsError Mismatch(string message) => new("SignatureDoesNotMatch", message, 403);

    public static AwsError SignatureMismatch() => Mismatch(
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret " +
        "Access Key and signing method. Consult the service documentation for details.");
}

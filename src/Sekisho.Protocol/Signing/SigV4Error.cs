namespace Sekisho.Protocol.Signing;

/// <summary>
/// Why a request's signature was refused: the AWS error code (as the query protocol spells it), the message
/// worded as AWS words it, and the HTTP status. Protocol adapters translate the code for their protocol.
/// </summary>
public sealed record SigV4Error(string Code, string Message, int HttpStatus)
{
    public static SigV4Error Missing() =>
        new("MissingAuthenticationToken", "Request is missing Authentication Token", 403);

    public static SigV4Error Incomplete(string message) => new("IncompleteSignature", message, 400);

    public static SigV4Error Mismatch(string message) => new("SignatureDoesNotMatch", message, 403);

    public static SigV4Error SignatureMismatch() => Mismatch(
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret " +
        "Access Key and signing method. Consult the service documentation for details.");
}

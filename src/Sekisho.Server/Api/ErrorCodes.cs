using Sekisho.Protocol.Aws;

namespace Sekisho.Server.Api;

/// <summary>
/// The spelling of common errors in each protocol: the query services say <c>AccessDenied</c>, the JSON 1.1
/// services <c>AccessDeniedException</c> (with HTTP 400), and so on for the authentication errors.
/// </summary>
public static class ErrorCodes
{
    public static AwsError ForProtocol(AwsError error, AwsProtocol protocol)
    {
        if (protocol == AwsProtocol.Query) return error;
        return error.Code switch
        {
            "AccessDenied" => error with { Code = "AccessDeniedException", HttpStatus = 400 },
            "InvalidClientTokenId" => error with { Code = "UnrecognizedClientException", HttpStatus = 400 },
            "SignatureDoesNotMatch" => error with { Code = "InvalidSignatureException", HttpStatus = 400 },
            "ExpiredToken" => error with { Code = "ExpiredTokenException", HttpStatus = 400 },
            "IncompleteSignature" => error with { Code = "IncompleteSignatureException", HttpStatus = 400 },
            "MissingAuthenticationToken" => error with { Code = "MissingAuthenticationTokenException", HttpStatus = 400 },
            "ValidationError" => error with { Code = "ValidationException" },
            "RequestEntityTooLarge" => error,
            "InternalFailure" => error,
            _ => error,
        };
    }
}

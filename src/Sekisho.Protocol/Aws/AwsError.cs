namespace Sekisho.Protocol.Aws;

/// <summary>
/// An error as AWS puts it on the wire: its code (query spelling, e.g. <c>AccessDenied</c>; the JSON writer adds
/// the <c>Exception</c> suffix where that protocol's services use it), the message, the HTTP status, and whether
/// the caller (Sender) or the service (Receiver) is at fault.
/// </summary>
public sealed record AwsError(string Code, string Message, int HttpStatus, bool SenderFault = true)
{
    public static AwsError Validation(string message) => new("ValidationError", message, 400);
}

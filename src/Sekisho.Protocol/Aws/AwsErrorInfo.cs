namespace Sekisho.Protocol.Aws;

/// <summary>How an exception shape appears on the wire: its code, HTTP status and whether the caller is at fault.</summary>
public sealed record AwsErrorInfo(string Code, int HttpStatus, bool SenderFault);

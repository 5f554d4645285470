using System.Globalization;
using System.Net;

namespace Sekisho.Cli.Aws;

/// <summary>An error response from an AWS API; <see cref="Message"/> is worded exactly as the AWS CLI prints it.</summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string code, string serviceMessage, string operation, HttpStatusCode statusCode)
        : base(string.Create(CultureInfo.InvariantCulture, $"An error occurred ({code}) when calling the {operation} operation: {serviceMessage}"))
    {
        Code = code;
        ServiceMessage = serviceMessage;
        Operation = operation;
        StatusCode = statusCode;
    }

    public AwsServiceException() : this("Unknown", "", "Unknown", HttpStatusCode.InternalServerError) { }

    public AwsServiceException(string message) : this("Unknown", message, "Unknown", HttpStatusCode.InternalServerError) { }

    public AwsServiceException(string message, Exception inner) : base(message, inner)
    {
        Code = "Unknown";
        ServiceMessage = message;
        Operation = "Unknown";
        StatusCode = HttpStatusCode.InternalServerError;
    }

    /// <summary>The error code, e.g. <c>AccessDeniedException</c>.</summary>
    public string Code { get; }

    /// <summary>The service's own message.</summary>
    public string ServiceMessage { get; }

    public string Operation { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The AWS CLI's exit code when the service answered with an error.</summary>
    public const int ExitCode = 254;
}

using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sekisho.Protocol.Aws;
using Sekisho.Server.Api;
using Sekisho.Server.Audit;
using Sekisho.Server.Authentication;
using Sekisho.Server.Authorization;
using Sekisho.Server.Hosting;

namespace Sekisho.Server.Sessions;

/// <summary>
/// <c>GET /v1/session-recordings/{id}</c>, where DescribeSessions' OutputUrl points: the recording of a session of
/// the caller's account (asciicast v2 for shell and command sessions, the JSON summary for port and SSH sessions).
/// SigV4-authenticated by the same <see cref="Authenticator"/> as the AWS front (credential scope service
/// <c>ssm</c>), authorized as <see cref="Action"/> on the session's ARN, denied by default, audited.
/// </summary>
/// <remarks>
/// Why <c>ssm:DescribeSessions</c> on <c>arn:aws:ssm:REGION:ACCOUNT:session/ID</c>: AWS has no action for reading a
/// recording (it is an object in the customer's S3 bucket or CloudWatch log group, read with s3:GetObject or
/// logs:GetLogEvents, which Sekisho does not serve), and inventing one (e.g. ssm:GetSessionRecording) would be an
/// action no AWS policy tool knows. DescribeSessions is the AWS action that hands out OutputUrl, so whoever may see
/// the link may follow it; naming the session's own ARN (as ResumeSession and TerminateSession do) lets a policy
/// narrow it: <c>session/${aws:username}-*</c> allows one's own recordings only, and a Deny of
/// ssm:DescribeSessions on <c>arn:aws:ssm:*:*:session/*</c> hides every recording while DescribeSessions itself
/// (whose resource is <c>*</c>) still lists the sessions. The ARN is authorized before the session is looked up,
/// so a denied caller learns nothing about which sessions exist; another account's session is simply not found.
/// </remarks>
public sealed class SessionRecordingEndpoint(
    Authenticator authenticator,
    Authorizer authorizer,
    SessionService sessions,
    RecordingStore recordings,
    AuditLog audit,
    TimeProvider time) : IEndpointModule
{
    public const string Action = "ssm:DescribeSessions";

    /// <summary>The operation name the audit log shows for these reads (Sekisho's own; not an SSM API operation).</summary>
    public const string Operation = "GetSessionRecording";

    public const string AsciicastContentType = "application/x-asciicast";

    public void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(SessionEndpoints.RecordingPath("{id}"), (HttpContext context, string id) => HandleAsync(context, id));

    private async Task HandleAsync(HttpContext context, string sessionId)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        var authn = await authenticator.AuthenticateAsync(HttpSigV4Request.From(context, ReadOnlyMemory<byte>.Empty), context.RequestAborted).ConfigureAwait(false);
        var caller = authn.Caller;
        string? resource = null;
        var decision = "None";
        string? reason = null;
        AwsError? error = authn.Error;
        if (error is null && authn.Signature!.Service != "ssm")
            error = new AwsError("InvalidAction", $"Session recordings are served to requests signed for service 'ssm', not '{authn.Signature.Service}'", 400);
        byte[]? content = null;
        SessionRecord? record = null;
        if (error is null)
        {
            var region = authn.Signature!.Region;
            resource = $"arn:aws:ssm:{region}:{caller!.Account}:session/{sessionId}";
            var facts = new RequestFacts(time.GetUtcNow(), SourceIp(context), context.Request.IsHttps, region,
                context.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null);
            var outcome = await authorizer.AuthorizeAsync(caller, new AuthorizationRequest(Action, resource, ResourceFacts.None), facts, context.RequestAborted).ConfigureAwait(false);
            if (!outcome.Allowed)
            {
                decision = outcome.Decision.ToString();
                reason = outcome.Reason;
                error = new AwsError("AccessDenied", outcome.Message!, 403);
            }
            else
            {
                decision = "Allowed";
                (record, content, error) = await ReadAsync(caller.Account, sessionId, context.RequestAborted).ConfigureAwait(false);
            }
        }

        int status;
        if (error is not null)
        {
            // JSON 1.1 spelling (AccessDeniedException, UnrecognizedClientException, ...) as SSM's other answers,
            // with the HTTP status a GET would get.
            var spelled = ErrorCodes.ForProtocol(error, AwsProtocol.Json);
            status = error.HttpStatus;
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/x-amz-json-1.1";
            context.Response.Headers["x-amzn-ErrorType"] = spelled.Code;
            await WriteAsync(context.Response, Encoding.UTF8.GetBytes(JsonResponseWriter.WriteError(spelled))).ConfigureAwait(false);
            error = spelled;
        }
        else
        {
            status = 200;
            context.Response.StatusCode = 200;
            context.Response.ContentType = record!.SessionType == Documents.SessionTypes.Port ? "application/json" : AsciicastContentType;
            await WriteAsync(context.Response, content!).ConfigureAwait(false);
        }
        await audit.RecordAsync(new AuditEvent(time.GetUtcNow(), requestId, "ssm", Operation, Action, caller?.Arn, caller?.Account,
            authn.Signature?.AccessKeyId, resource is null ? [] : [resource], decision, reason, error?.Code, status, SourceIp(context),
            context.Request.Headers.UserAgent.ToString()), CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<(SessionRecord? Record, byte[]? Content, AwsError? Error)> ReadAsync(string account, string sessionId, CancellationToken cancellationToken)
    {
        var record = SessionIds.IsWellFormed(sessionId) ? await sessions.GetAsync(account, sessionId, cancellationToken).ConfigureAwait(false) : null;
        if (record is null) return (null, null, new AwsError("DoesNotExistException", $"Session with id {sessionId} does not exist.", 404));
        if (record.Recording is not { } name)
            return (record, null, new AwsError("DoesNotExistException",
                $"The recording of session {sessionId} was deleted: it ended longer ago than the account keeps recordings (recordingRetentionDays of SSM-SessionManagerRunShell).", 404));
        using var buffer = new MemoryStream();
        if (!await recordings.ReadAsync(name, buffer, cancellationToken).ConfigureAwait(false))
            return (record, null, new AwsError("DoesNotExistException",
                $"Session {sessionId} has no recording yet: parts are written every few seconds while it runs, and port and SSH sessions only when they end.", 404));
        return (record, buffer.ToArray(), null);
    }

    private static Task WriteAsync(HttpResponse response, byte[] body)
    {
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, CancellationToken.None).AsTask();
    }

    private static string? SourceIp(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.ToString();
    }
}

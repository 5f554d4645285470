using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sekisho.Protocol.Aws;
using Sekisho.Protocol.Signing;
using Sekisho.Server.Audit;
using Sekisho.Server.Authentication;
using Sekisho.Server.Authorization;

namespace Sekisho.Server.Api;

/// <summary>
/// <c>POST /</c> for IAM, STS (query) and SSM (JSON 1.1): read the body once (at most <see cref="MaxBodyBytes"/>),
/// authenticate (SigV4), tell the service by the credential scope and X-Amz-Target, read the input with the
/// botocore model, authorize every resource the operation declares, run the handler, write the answer in the
/// protocol's form with a request id, and audit the call. Translation only: handlers and domain services decide.
/// </summary>
public sealed partial class AwsApiFront(
    OperationRegistry registry,
    Authenticator authenticator,
    Authorizer authorizer,
    AuditLog audit,
    TimeProvider time,
    IServiceProvider services,
    ILogger<AwsApiFront> logger)
{
    public const int MaxBodyBytes = 1024 * 1024;
    private const string JsonContentType = "application/x-amz-json-1.1";

    private sealed class CallRecord
    {
        public string Service = "unknown";
        public string? Operation;
        public string? Action;
        public Caller? Caller;
        public string? AccessKeyId;
        public List<string> Resources = [];
        public string Decision = "None";
        public string? Reason;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        var cancellationToken = context.RequestAborted;
        var http = context.Request;
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        var target = http.Headers["X-Amz-Target"].ToString();
        var protocol = target.Length > 0 ? AwsProtocol.Json : AwsProtocol.Query;
        var call = new CallRecord();
        AwsError? error = null;
        var status = 200;
        try
        {
            var body = await ReadBodyAsync(http, cancellationToken);
            if (body is null)
            {
                error = new AwsError("RequestEntityTooLarge", $"Request body is larger than the limit of {MaxBodyBytes} bytes", 413);
            }
            else
            {
                (status, error) = await ProcessAsync(context, protocol, target, body, requestId, call, cancellationToken);
            }
        }
        catch (BadHttpRequestException e)
        {
            error = new AwsError("MalformedInput", "The request could not be read: " + e.Message, 400);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        if (error is not null)
        {
            error = ErrorCodes.ForProtocol(error, protocol);
            status = error.HttpStatus;
            await WriteErrorAsync(context.Response, protocol, call.Service, error, requestId);
        }
        await audit.RecordAsync(new AuditEvent(time.GetUtcNow(), requestId, call.Service, call.Operation, call.Action,
            call.Caller?.Arn, call.Caller?.Account, call.AccessKeyId, call.Resources, call.Decision, call.Reason,
            error?.Code, status, SourceIp(context), http.Headers.UserAgent.ToString()), CancellationToken.None);
    }

    private async Task<(int Status, AwsError? Error)> ProcessAsync(HttpContext context, AwsProtocol protocol, string target, byte[] body,
        string requestId, CallRecord call, CancellationToken cancellationToken)
    {
        var http = context.Request;
        var signed = HttpSigV4Request.From(context, body);
        var authn = await authenticator.AuthenticateAsync(signed, cancellationToken);
        if (authn.Signature is { } sig)
        {
            call.Service = sig.Service;
            call.AccessKeyId = sig.AccessKeyId;
        }
        if (authn.Error is { } authError) return (authError.HttpStatus, authError);
        var caller = authn.Caller!;
        call.Caller = caller;
        var service = authn.Signature!.Service;
        if (!OperationRegistry.Services.Contains(service))
            return (400, new AwsError("InvalidAction", $"Service '{service}' (from the credential scope) is not served by this endpoint", 400));

        var model = AwsServiceModel.Load(service);
        AwsInput input;
        if (protocol == AwsProtocol.Json)
        {
            if (model.Protocol != "json")
                return (400, new AwsError("InvalidAction", $"Service '{service}' speaks the query protocol; X-Amz-Target '{target}' does not apply", 400));
            input = new JsonRequestReader(model).Read(target, body);
        }
        else
        {
            if (model.Protocol != "query")
                return (400, new AwsError("UnknownOperationException", $"Service '{service}' speaks JSON 1.1: the X-Amz-Target header is missing", 400));
            var parameters = FormUrlEncoded.Parse(http.Method == HttpMethods.Get ? Encoding.ASCII.GetBytes(http.QueryString.Value?.TrimStart('?') ?? "") : body, out var formError);
            if (parameters is null) return (400, new AwsError("MalformedQueryString", formError ?? "malformed form body", 400));
            input = new QueryRequestReader(model).Read(parameters);
        }
        if (input.Error is { } inputError) return (inputError.HttpStatus, inputError);
        var operation = input.Operation!;
        call.Operation = operation.Name;
        if (!registry.TryGet(service, operation.Name, out var definition))
            return (400, new AwsError(protocol == AwsProtocol.Json ? "UnknownOperationException" : "InvalidAction",
                $"The operation {operation.Name} is not implemented by Sekisho", 400));

        var facts = new RequestFacts(time.GetUtcNow(), SourceIp(context), http.IsHttps, authn.Signature.Region, http.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null);
        var request = new OperationRequest(caller, service, operation.Name, input.Members!, requestId, facts, services);
        if (definition.Authorization is { } declaration)
        {
            call.Action = declaration.Action;
            IReadOnlyList<KeyValuePair<string, string[]>>? keys;
            IReadOnlyList<string> resources;
            try
            {
                // Computing the resource can refuse the input (an unknown resource type, a malformed name, no
                // UserName from a role session): a client error, not a 500.
                keys = declaration.ContextKeys?.Invoke(request);
                resources = declaration.ResourcesAsync is { } named ? await named(request, cancellationToken) : declaration.Resources(request);
            }
            catch (AwsErrorException e)
            {
                return (e.Error.HttpStatus, e.Error);
            }
            foreach (var resource in resources)
            {
                call.Resources.Add(resource);
                var resourceFacts = declaration.ResourceFacts is null ? ResourceFacts.None : await declaration.ResourceFacts(request, resource, cancellationToken);
                var outcome = await authorizer.AuthorizeAsync(caller, new AuthorizationRequest(declaration.Action, resource, resourceFacts, keys), facts, cancellationToken);
                if (!outcome.Allowed)
                {
                    call.Decision = outcome.Decision.ToString();
                    call.Reason = outcome.Reason;
                    return (403, new AwsError("AccessDenied", outcome.Message!, 403));
                }
            }
            call.Decision = "Allowed";
        }
        else
        {
            call.Action = service + ":" + operation.Name;
            call.Decision = "NotAuthorized";
        }

        JsonObject? result;
        try
        {
            result = await definition.Handler(request, cancellationToken);
        }
        catch (AwsErrorException e)
        {
            AuditHandlerDecisions(request, call);
            return (e.Error.HttpStatus, e.Error);
        }
        AuditHandlerDecisions(request, call);

        var response = context.Response;
        response.StatusCode = 200;
        if (protocol == AwsProtocol.Json)
        {
            response.ContentType = JsonContentType;
            await WriteBodyAsync(response, new JsonResponseWriter(model).Write(operation, result), cancellationToken);
        }
        else
        {
            response.ContentType = "text/xml";
            using var answer = new PooledBufferWriter();
            new QueryResponseWriter(model).Write(answer, operation, result, requestId);
            await WriteBodyAsync(response, answer.WrittenMemory, cancellationToken);
        }
        return (200, null);
    }

    /// <summary>For an operation that authorizes inside its handler: the audit records the handler's decisions.</summary>
    private static void AuditHandlerDecisions(OperationRequest request, CallRecord call)
    {
        if (request.Trail.Outcomes.Count == 0) return;
        call.Action = request.Trail.Outcomes[0].Action;
        call.Resources.Clear();
        call.Decision = "Allowed";
        call.Reason = null;
        foreach (var outcome in request.Trail.Outcomes)
        {
            if (!call.Resources.Contains(outcome.Resource)) call.Resources.Add(outcome.Resource);
            if (outcome.Allowed) continue;
            call.Decision = outcome.Decision.ToString();
            call.Reason = outcome.Reason;
            break;
        }
    }

    private async Task WriteErrorAsync(HttpResponse response, AwsProtocol protocol, string service, AwsError error, string requestId)
    {
        if (response.HasStarted)
        {
            LogLateError(logger, requestId, error.Code);
            return;
        }
        response.StatusCode = error.HttpStatus;
        if (protocol == AwsProtocol.Json)
        {
            response.ContentType = JsonContentType;
            response.Headers["x-amzn-ErrorType"] = error.Code;
            await WriteBodyAsync(response, JsonResponseWriter.WriteError(error), CancellationToken.None);
        }
        else
        {
            response.ContentType = "text/xml";
            var model = AwsServiceModel.Load(service is "iam" ? "iam" : "sts");
            using var answer = new PooledBufferWriter();
            new QueryResponseWriter(model).WriteError(answer, error, requestId);
            await WriteBodyAsync(response, answer.WrittenMemory, CancellationToken.None);
        }
    }

    /// <summary>The body, or null when it is larger than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        if (request.ContentLength is { } length)
        {
            // The usual case (every SDK sends Content-Length): read straight into an array of that size;
            // Kestrel ends the body at the declared length.
            var exact = new byte[length];
            var filled = 0;
            while (filled < exact.Length)
            {
                var n = await request.Body.ReadAsync(exact.AsMemory(filled), cancellationToken);
                if (n == 0) throw new BadHttpRequestException("the body ended before its Content-Length");
                filled += n;
            }
            return exact;
        }
        using var buffer = new MemoryStream(4096);
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await request.Body.ReadAsync(chunk, cancellationToken);
            if (read == 0) break;
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Writes the whole answer with a Content-Length (no chunked framing, one write).</summary>
    private static Task WriteBodyAsync(HttpResponse response, string text, CancellationToken cancellationToken) =>
        WriteBodyAsync(response, Encoding.UTF8.GetBytes(text), cancellationToken);

    private static Task WriteBodyAsync(HttpResponse response, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, cancellationToken).AsTask();
    }

    private static string? SourceIp(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "request {RequestId}: error {Code} after the response started")]
    private static partial void LogLateError(ILogger logger, string requestId, string code);
}

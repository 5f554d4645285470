using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sekisho.Cli.Aws;

/// <summary>
/// The SSM API over the JSON 1.1 protocol (<c>X-Amz-Target: AmazonSSM.&lt;Operation&gt;</c>), SigV4-signed with the
/// credential chain at the SSM endpoint. Errors become <see cref="AwsServiceException"/> worded as the AWS CLI prints them.
/// </summary>
public sealed class SsmClient(AwsClientContext context)
{
    private const string ContentType = "application/x-amz-json-1.1";

    public AwsClientContext Context => context;

    /// <summary>Calls any SSM operation with a JSON request and returns the JSON response (an empty object for no body).</summary>
    public async Task<JsonObject> CallAsync(string operation, JsonObject request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(request);
        var credentials = await context.Credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        StartupTrace.Mark(operation + " credentials");
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AwsJsonContext.Default.JsonObject);
        var endpoint = context.Endpoint("ssm", isCommandService: true);
        using var response = await AwsSignedRequest.PostAsync(context, endpoint, "ssm", body, ContentType,
            [new("X-Amz-Target", "AmazonSSM." + operation)], credentials, cancellationToken).ConfigureAwait(false);
        StartupTrace.Mark(operation + " answered");
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonObject? json = null;
        if (text.Length > 0)
        {
            try
            {
                json = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException e)
            {
                throw new AwsServiceException($"SSM at {endpoint} answered HTTP {(int)response.StatusCode} to {operation} with a body that is not JSON", e);
            }
        }
        if (!response.IsSuccessStatusCode)
        {
            throw Error(operation, response.StatusCode, json);
        }
        return json ?? [];
    }

    public async Task<SessionStream> StartSessionAsync(StartSessionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var json = new JsonObject { ["Target"] = request.Target };
        if (request.DocumentName is { } document) json["DocumentName"] = document;
        if (request.Reason is { } reason) json["Reason"] = reason;
        if (request.Parameters is { Count: > 0 } parameters)
        {
            var p = new JsonObject();
            foreach (var (name, values) in parameters)
            {
                var array = new JsonArray();
                // JsonNode, not Add<T>(T): the generic overload goes through System.Text.Json's reflection-based default
                // options, 20-30 ms of a `session start` before StartSession was sent; about 12 ms net, as the
                // source-generated serialization of the body then pays part of System.Text.Json's first use instead.
                foreach (var value in values) array.Add((JsonNode)value);
                p[name] = array;
            }
            json["Parameters"] = p;
        }
        return ReadStream(await CallAsync("StartSession", json, cancellationToken).ConfigureAwait(false), "StartSession", null);
    }

    public async Task<SessionStream> ResumeSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        ReadStream(await CallAsync("ResumeSession", new JsonObject { ["SessionId"] = sessionId }, cancellationToken).ConfigureAwait(false),
            "ResumeSession", sessionId);

    public Task TerminateSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        CallAsync("TerminateSession", new JsonObject { ["SessionId"] = sessionId }, cancellationToken);

    private static SessionStream ReadStream(JsonObject json, string operation, string? sessionId)
    {
        string Required(string name) => json[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0
            ? s
            : throw new AwsServiceException("MalformedResponse", $"the {operation} response has no {name}", operation, HttpStatusCode.OK);
        return new SessionStream(sessionId ?? Required("SessionId"), Required("StreamUrl"), Required("TokenValue"));
    }

    private static AwsServiceException Error(string operation, HttpStatusCode status, JsonObject? json)
    {
        var type = json?["__type"]?.GetValue<string>() ?? json?["code"]?.GetValue<string>() ?? status.ToString();
        // botocore takes the code after '#' and before ':' (e.g. "com.amazonaws.ssm#InvalidDocument:http://...").
        var hash = type.LastIndexOf('#');
        if (hash >= 0) type = type[(hash + 1)..];
        var colon = type.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0) type = type[..colon];
        var message = json?["message"]?.GetValue<string>() ?? json?["Message"]?.GetValue<string>() ?? "";
        return new AwsServiceException(type, message, operation, status);
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Sekisho.Server.Api;

namespace Sekisho.Server.Sessions;

/// <summary>SSM StartSession, ResumeSession, TerminateSession and DescribeSessions on the AWS front.</summary>
public sealed class SessionsModule(SessionService sessions, SessionRepository repository) : IOperationModule
{
    private const int DefaultPageSize = 20;

    public void Register(OperationRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        // StartSession is authorized by SessionAuthorization inside the handler: the document rule needs two
        // decisions on the node, which a static declaration cannot express.
        registry.Register("ssm", "StartSession", StartAsync, null);
        registry.Register("ssm", "ResumeSession", ResumeAsync,
            AuthorizationDeclaration.For("ssm:ResumeSession", r => SessionArn(r, r.String("SessionId")!)));
        registry.Register("ssm", "TerminateSession", TerminateAsync,
            AuthorizationDeclaration.For("ssm:TerminateSession", r => SessionArn(r, r.String("SessionId")!)));
        registry.Register("ssm", "DescribeSessions", DescribeAsync, AuthorizationDeclaration.For("ssm:DescribeSessions", _ => "*"));
    }

    public static string SessionArn(OperationRequest r, string sessionId) => $"arn:aws:ssm:{r.Facts.Region}:{r.Caller.Account}:session/{sessionId}";

    private async ValueTask<JsonObject?> StartAsync(OperationRequest r, CancellationToken cancellationToken)
    {
        var target = r.String("Target") ?? throw new AwsErrorException("ValidationException", "1 validation error detected: Value null at 'target' failed to satisfy constraint: Member must not be null");
        var started = await sessions.StartAsync(r.Caller, r.Facts, target, r.String("DocumentName"), Parameters(r.Input["Parameters"] as JsonObject),
            r.String("Reason"), r.Trail, cancellationToken).ConfigureAwait(false);
        return Answer(started);
    }

    private async ValueTask<JsonObject?> ResumeAsync(OperationRequest r, CancellationToken cancellationToken) =>
        Answer(await sessions.ResumeAsync(r.Caller, r.String("SessionId")!, cancellationToken).ConfigureAwait(false));

    private async ValueTask<JsonObject?> TerminateAsync(OperationRequest r, CancellationToken cancellationToken)
    {
        var id = r.String("SessionId")!;
        await sessions.TerminateAsync(r.Caller, id, cancellationToken).ConfigureAwait(false);
        return new JsonObject { ["SessionId"] = id };
    }

    private async ValueTask<JsonObject?> DescribeAsync(OperationRequest r, CancellationToken cancellationToken)
    {
        var state = r.String("State") ?? throw new AwsErrorException("ValidationException", "1 validation error detected: Value null at 'state' failed to satisfy constraint: Member must not be null");
        var filter = SessionFilter.Parse(r.Input["Filters"] as JsonArray);
        var all = new List<SessionRecord>();
        string? after = null;
        do
        {
            var (page, next) = await repository.ScanAsync(r.Caller.Account, after, 1000, cancellationToken).ConfigureAwait(false);
            foreach (var s in page)
            {
                var current = await sessions.GetAsync(s.Account, s.SessionId, cancellationToken).ConfigureAwait(false) ?? s;
                if (SessionStatus.IsActive(current.Status) == (state == "Active") && filter.Matches(current)) all.Add(current);
            }
            after = next;
        }
        while (after is not null);
        all.Sort((a, b) => b.StartDate.CompareTo(a.StartDate));
        var start = 0;
        if (r.String("NextToken") is { } token && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > all.Count))
            throw new AwsErrorException("InvalidNextToken", "The specified token isn't valid.");
        var size = r.Input["MaxResults"] is JsonValue max ? checked((int)max.GetValue<long>()) : DefaultPageSize;
        var list = new JsonArray();
        for (var i = start; i < Math.Min(all.Count, start + size); i++) list.Add(Describe(all[i]));
        var result = new JsonObject { ["Sessions"] = list };
        if (start + size < all.Count) result["NextToken"] = (start + size).ToString(CultureInfo.InvariantCulture);
        return result;
    }

    private JsonObject Describe(SessionRecord s)
    {
        var o = new JsonObject
        {
            ["SessionId"] = s.SessionId,
            ["Target"] = s.Target,
            ["Status"] = s.Status,
            ["StartDate"] = JsonValue.Create(s.StartDate),
            ["DocumentName"] = s.DocumentName,
            ["Owner"] = s.Owner,
        };
        if (s.EndDate is { } end) o["EndDate"] = JsonValue.Create(end);
        if (s.Reason is { } reason) o["Reason"] = reason;
        if (s.Details is { Length: > 0 } details) o["Details"] = details.Length > 1024 ? details[..1024] : details;
        if (s.MaxDuration is { } max) o["MaxSessionDuration"] = ((int)Math.Clamp(max.TotalMinutes, 1, 1440)).ToString(CultureInfo.InvariantCulture);
        if (s.Recording is not null) o["OutputUrl"] = new JsonObject { ["S3OutputUrl"] = sessions.RecordingUrl(s.SessionId) };
        return o;
    }

    private static JsonObject Answer(SessionStart started) => new()
    {
        ["SessionId"] = started.SessionId,
        ["TokenValue"] = started.TokenValue,
        ["StreamUrl"] = started.StreamUrl,
    };

    private static Dictionary<string, IReadOnlyList<string>>? Parameters(JsonObject? input)
    {
        if (input is null) return null;
        var parameters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in input)
        {
            var values = new List<string>();
            if (value is JsonArray array)
                foreach (var v in array) values.Add(v?.GetValue<string>() ?? "");
            else if (value is not null) values.Add(value.GetValue<string>());
            parameters[name] = values;
        }
        return parameters;
    }
}

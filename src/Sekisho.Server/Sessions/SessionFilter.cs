using System.Globalization;
using System.Text.Json.Nodes;
using Sekisho.Server.Api;

namespace Sekisho.Server.Sessions;

/// <summary>The Filters of DescribeSessions: every given key must match (InvokedAfter/InvokedBefore on StartDate).</summary>
public sealed record SessionFilter(DateTimeOffset? InvokedAfter, DateTimeOffset? InvokedBefore, string? Target, string? Owner, string? Status, string? SessionId)
{
    public static SessionFilter Parse(JsonArray? filters)
    {
        var f = new SessionFilter(null, null, null, null, null, null);
        foreach (var node in filters ?? [])
        {
            var key = node?["key"]?.GetValue<string>() ?? "";
            var value = node?["value"]?.GetValue<string>() ?? "";
            f = key switch
            {
                "InvokedAfter" => f with { InvokedAfter = Date(key, value) },
                "InvokedBefore" => f with { InvokedBefore = Date(key, value) },
                "Target" => f with { Target = value },
                "Owner" => f with { Owner = value },
                "Status" => f with { Status = value },
                "SessionId" => f with { SessionId = value },
                _ => throw new AwsErrorException("InvalidFilterKey", $"The filter key {key} is not valid: use InvokedAfter, InvokedBefore, Target, Owner, Status or SessionId."),
            };
        }
        return f;
    }

    public bool Matches(SessionRecord s) =>
        (InvokedAfter is null || s.StartDate >= InvokedAfter) &&
        (InvokedBefore is null || s.StartDate <= InvokedBefore) &&
        (Target is null || s.Target == Target) &&
        (Owner is null || s.Owner == Owner) &&
        (Status is null || s.Status == Status) &&
        (SessionId is null || s.SessionId == SessionId);

    private static DateTimeOffset Date(string key, string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw new AwsErrorException("InvalidFilterValue", $"The {key} filter value '{value}' is not a date such as 2026-11-21T00:00:00Z.");
}

using System.Globalization;
using Sekisho.Policy;
using Sekisho.Server.Authentication;

namespace Sekisho.Server.Authorization;

/// <summary>
/// The one place that turns a caller and a request into the engine's <see cref="RequestContext"/> with every
/// global condition key (iam-evaluation.md "The request context"). Operation-specific keys (aws:RequestTag/*,
/// aws:TagKeys, iam:PolicyARN, ...) come from the operation's declaration and are added as given.
/// </summary>
public static class RequestContextBuilder
{
    public static RequestContext Build(
        Caller caller,
        string action,
        string resource,
        RequestFacts facts,
        string? organizationId = null,
        IReadOnlyDictionary<string, string>? resourceTags = null,
        IEnumerable<KeyValuePair<string, string[]>>? operationKeys = null)
    {
        var keys = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        var session = caller.Session;
        var principalArn = caller.Type == PrincipalType.AssumedRole
            ? session?.RoleArn ?? caller.Principal?.Arn ?? caller.Arn
            : caller.Principal?.Arn ?? caller.Arn;
        keys["aws:PrincipalArn"] = [principalArn];
        keys["aws:PrincipalAccount"] = [caller.Account];
        keys["aws:PrincipalType"] = [caller.Type == PrincipalType.AssumedRole ? "AssumedRole" : "User"];
        keys["aws:userid"] = [caller.UserId];
        if (caller.UserName is { } userName) keys["aws:username"] = [userName];
        if (organizationId is not null) keys["aws:PrincipalOrgID"] = [organizationId];

        // Role sessions: session tags win over the role's tags of the same key.
        if (caller.Principal?.Tags is { } principalTags)
            foreach (var (k, v) in principalTags) keys["aws:PrincipalTag/" + k] = [v];
        if (session is not null)
            foreach (var (k, v) in session.SessionTags) keys["aws:PrincipalTag/" + k] = [v];

        if (session is not null)
        {
            keys["aws:MultiFactorAuthPresent"] = [session.MfaAuthenticated ? "true" : "false"];
            if (session.MfaAuthenticated && session.MfaAuthenticatedAt is { } mfaAt)
                keys["aws:MultiFactorAuthAge"] = [Math.Max(0, (long)(facts.Time - mfaAt).TotalSeconds).ToString(CultureInfo.InvariantCulture)];
            keys["aws:TokenIssueTime"] = [Iso(session.IssuedAt)];
            if (session.SourceIdentity is { } sourceIdentity) keys["aws:SourceIdentity"] = [sourceIdentity];
        }

        keys["aws:CurrentTime"] = [Iso(facts.Time)];
        keys["aws:EpochTime"] = [facts.Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)];
        keys["aws:SecureTransport"] = [facts.SecureTransport ? "true" : "false"];
        if (facts.SourceIp is { } ip) keys["aws:SourceIp"] = [ip];
        keys["aws:RequestedRegion"] = [facts.Region];
        if (facts.UserAgent is { } agent) keys["aws:UserAgent"] = [agent];
        keys["aws:ViaAWSService"] = ["false"];
        keys["aws:PrincipalIsAWSService"] = ["false"];

        if (resourceTags is not null)
            foreach (var (k, v) in resourceTags) keys["aws:ResourceTag/" + k] = [v];
        if (operationKeys is not null)
            foreach (var (k, v) in operationKeys) keys[k] = v;

        return new RequestContext(caller.Arn, action, resource, keys);
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

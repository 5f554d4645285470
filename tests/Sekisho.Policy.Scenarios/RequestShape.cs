using System.Text.Json.Nodes;

namespace Sekisho.Policy.Scenarios;

/// <summary>The request of one generated scenario, kept typed so statements and conditions can aim at it.</summary>
internal sealed class RequestShape
{
    public required PrincipalInfo Principal { get; init; }
    public required ActionSpec Action { get; init; }
    public required string Resource { get; init; }
    public required string ResourceAccount { get; init; }

    /// <summary>Context keys as the request carries them (string or array of strings).</summary>
    public Dictionary<string, JsonNode> Context { get; } = new(StringComparer.Ordinal);

    public bool CrossAccount => Principal.Account != ResourceAccount;

    public string? ContextString(string key) =>
        Context.TryGetValue(key, out var v) && v is JsonValue jv ? jv.GetValue<string>() : null;

    public static RequestShape Create(Random r, bool crossAccount)
    {
        var principal = crossAccount
            ? (r.NextDouble() < 0.5 ? Universe.Users[3] : Universe.Sessions[3])
            : (r.NextDouble() < 0.45 ? Universe.Users[r.Next(3)] : Universe.Sessions[r.Next(3)]);
        var action = Universe.Actions[r.Next(Universe.Actions.Count)];
        var account = crossAccount ? Universe.Home : principal.Account;
        var request = new RequestShape
        {
            Principal = principal,
            Action = action,
            Resource = action.Resource(principal, account, r),
            ResourceAccount = account,
        };
        request.FillContext(r);
        return request;
    }

    private void Put(string key, string value) => Context[key] = JsonValue.Create(value);

    private void FillContext(Random r)
    {
        // The principal's tags (for a session, its session and role tags), as the server fills them in.
        foreach (var (k, v) in Principal.Tags)
            if (r.NextDouble() < 0.85) Put($"aws:PrincipalTag/{k}", v);

        if (Principal.IsSession)
        {
            // Temporary credentials always carry the MFA keys.
            var mfa = r.NextDouble() < 0.6;
            Put("aws:MultiFactorAuthPresent", mfa ? "true" : "false");
            if (mfa) Put("aws:MultiFactorAuthAge", r.NextDouble() < 0.6 ? "300" : "7200");
            Put("aws:TokenIssueTime", "2026-11-21T08:00:00Z");
        }
        else
        {
            // Long-term keys carry no MFA keys; a console session signed in with MFA does.
            var roll = r.NextDouble();
            if (roll < 0.3)
            {
                Put("aws:MultiFactorAuthPresent", "true");
                Put("aws:MultiFactorAuthAge", r.NextDouble() < 0.5 ? "120" : "5400");
            }
            else if (roll < 0.45) Put("aws:MultiFactorAuthPresent", "false");
        }
        if (r.NextDouble() < 0.7) Put("aws:userid", Principal.UserId);
        if (r.NextDouble() < 0.15) Put("aws:PrincipalArn", Principal.PrincipalArn);

        if (Action.Service is "ec2" or "ssm" && Resource != "*" && r.NextDouble() < 0.75)
            Put("aws:ResourceTag/Project", r.NextDouble() < 0.6 ? Principal.Tags.GetValueOrDefault("Project", "Blue") : "Green");
        if (Action.Service == "s3") Put("aws:ResourceAccount", ResourceAccount);
        if (Action.Action == "s3:ListBucket" && r.NextDouble() < 0.7)
            Put("s3:prefix", r.NextDouble() < 0.5 ? $"{Principal.UserName ?? Principal.SessionName}/" : "shared/");
        if (Action.Action == "sts:AssumeRole" && r.NextDouble() < 0.5)
            Put("sts:ExternalId", r.NextDouble() < 0.7 ? "sekisho-ext-42" : "wrong");

        if (Action.Tagging && r.NextDouble() < 0.8)
        {
            var keys = new JsonArray();
            if (r.NextDouble() < 0.7)
            {
                Put("aws:RequestTag/Project", r.NextDouble() < 0.6 ? Principal.Tags.GetValueOrDefault("Project", "Blue") : "Red");
                keys.Add("Project");
            }
            if (r.NextDouble() < 0.4)
            {
                Put("aws:RequestTag/Owner", Principal.UserName ?? Principal.SessionName ?? "nobody");
                keys.Add("Owner");
            }
            if (r.NextDouble() < 0.2)
            {
                Put("aws:RequestTag/SSMSessionRunAs", "root");
                keys.Add("SSMSessionRunAs");
            }
            Context["aws:TagKeys"] = keys;
        }

        var t = r.NextDouble();
        Put("aws:CurrentTime", t < 0.4 ? "2026-11-21T10:00:00Z" : t < 0.7 ? "2026-03-01T12:30:00Z" : "2027-02-01T00:00:00Z");
        if (r.NextDouble() < 0.5) Put("aws:EpochTime", t < 0.4 ? "1795255200" : t < 0.7 ? "1772368200" : "1801440000");
        if (r.NextDouble() < 0.8)
            Put("aws:SourceIp", r.Next(4) switch { 0 => "203.0.113.10", 1 => "10.1.2.3", 2 => "2001:db8::5", _ => "198.51.100.77" });
        if (r.NextDouble() < 0.7) Put("aws:SecureTransport", r.NextDouble() < 0.8 ? "true" : "false");
        if (r.NextDouble() < 0.6) Put("aws:RequestedRegion", r.NextDouble() < 0.7 ? "us-east-1" : "eu-west-1");
    }

    public JsonObject ToJson()
    {
        var context = new JsonObject();
        foreach (var (k, v) in Context) context[k] = v.DeepClone();
        return new JsonObject
        {
            ["principal"] = Principal.Arn,
            ["action"] = Action.Action,
            ["resource"] = Resource,
            ["context"] = context,
        };
    }
}

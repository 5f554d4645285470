using System.Text.Json.Nodes;

namespace Sekisho.Policy.Scenarios;

/// <summary>Bucket policies and role trust policies naming users, roles, role sessions, accounts or everyone.</summary>
internal static class ResourcePolicyFactory
{
    private static JsonNode PrincipalValue(Random r, RequestShape q)
    {
        var p = q.Principal;
        var roll = r.Next(12);
        JsonNode aws = roll switch
        {
            0 or 1 => JsonValue.Create(p.Arn), // the user, or the role session itself
            2 or 3 => JsonValue.Create(p.PrincipalArn), // the user, or the session's role
            4 => JsonValue.Create(p.Account),
            5 => JsonValue.Create($"arn:aws:iam::{p.Account}:root"),
            6 => JsonValue.Create("*"),
            7 => JsonValue.Create($"arn:aws:iam::{q.ResourceAccount}:root"),
            8 => JsonValue.Create($"arn:aws:iam::{Universe.Home}:user/bob"),
            9 => JsonValue.Create($"arn:aws:sts::{Universe.Home}:assumed-role/Dev/bob-cli"),
            10 => new JsonArray($"arn:aws:iam::{Universe.Home}:role/Auditor", p.Arn),
            _ => JsonValue.Create("SERVICE"),
        };
        if (aws is JsonValue v && v.GetValue<string>() == "SERVICE")
            return new JsonObject { ["Service"] = r.NextDouble() < 0.5 ? "ec2.amazonaws.com" : "ssm.amazonaws.com" };
        if (aws is JsonValue star && star.GetValue<string>() == "*" && r.NextDouble() < 0.5) return JsonValue.Create("*");
        return new JsonObject { ["AWS"] = aws };
    }

    private static JsonObject Statement(Random r, RequestShape q, bool trust)
    {
        var deny = r.NextDouble() < 0.2;
        var s = new JsonObject { ["Effect"] = deny ? "Deny" : "Allow", ["Principal"] = PrincipalValue(r, q) };
        if (trust)
        {
            s["Action"] = r.NextDouble() < 0.85 ? "sts:AssumeRole" : new JsonArray("sts:AssumeRole", "sts:TagSession");
            if (r.NextDouble() < 0.5)
            {
                s["Condition"] = r.Next(3) switch
                {
                    0 => new JsonObject { ["Bool"] = new JsonObject { ["aws:MultiFactorAuthPresent"] = "true" } },
                    1 => new JsonObject { ["StringEquals"] = new JsonObject { ["sts:ExternalId"] = "sekisho-ext-42" } },
                    _ => ConditionFactory.Block(r, q, 1),
                };
            }
            return s;
        }
        s["Action"] = StatementFactory.ActionValue(r, q.Action, 0.75);
        s["Resource"] = r.Next(4) switch
        {
            0 => $"arn:aws:s3:::{(q.ResourceAccount == Universe.Home ? Universe.HomeBucket : Universe.OtherBucket)}/*",
            1 => new JsonArray($"arn:aws:s3:::{Universe.HomeBucket}", $"arn:aws:s3:::{Universe.HomeBucket}/*"),
            2 => q.Resource,
            _ => $"arn:aws:s3:::{Universe.HomeBucket}/shared/*",
        };
        if (r.NextDouble() < 0.35) s["Condition"] = ConditionFactory.Block(r, q, 1);
        return s;
    }

    public static JsonObject? Create(Random r, RequestShape q)
    {
        var trust = q.Action.Action == "sts:AssumeRole";
        if (!trust && (q.Action.Service != "s3" || r.NextDouble() < 0.35)) return null;
        var n = 1 + r.Next(trust ? 2 : 3);
        var statements = new JsonObject[n];
        for (var i = 0; i < n; i++) statements[i] = Statement(r, q, trust);
        return StatementFactory.Document(statements);
    }
}

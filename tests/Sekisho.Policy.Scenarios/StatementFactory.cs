using System.Text.Json.Nodes;

namespace Sekisho.Policy.Scenarios;

/// <summary>Draws policy statements aimed at a request: often matching it, sometimes narrowly missing it.</summary>
internal static class StatementFactory
{
    private static string Pick(Random r, params string[] options) => options[r.Next(options.Length)];

    private static JsonNode OneOrList(Random r, params string[] values)
    {
        if (values.Length == 1 && r.NextDouble() < 0.6) return JsonValue.Create(values[0]);
        var array = new JsonArray();
        foreach (var v in values) array.Add(v);
        return array;
    }

    private static string OtherAction(Random r, ActionSpec a)
    {
        var others = Universe.OtherActions[a.Service];
        return others[r.Next(others.Length)];
    }

    /// <summary>An Action value that matches the request's action with probability about <paramref name="hit"/>.</summary>
    public static JsonNode ActionValue(Random r, ActionSpec a, double hit)
    {
        if (r.NextDouble() >= hit)
            return r.NextDouble() < 0.7 ? OneOrList(r, OtherAction(r, a)) : OneOrList(r, $"{Pick(r, "kms", "lambda", "sqs")}:*");
        return r.Next(8) switch
        {
            0 => JsonValue.Create(a.Action),
            1 => JsonValue.Create(r.NextDouble() < 0.5 ? a.Action.ToUpperInvariant() : a.Action.ToLowerInvariant()),
            2 => JsonValue.Create($"{a.Service}:*"),
            3 => JsonValue.Create($"{a.Service}:{a.Name[..Math.Min(a.Name.Length, 3 + r.Next(3))]}*"),
            4 => JsonValue.Create($"{a.Service}:{a.Name[..^1]}?"),
            5 => JsonValue.Create("*"),
            _ => OneOrList(r, OtherAction(r, a), a.Action),
        };
    }

    /// <summary>A NotAction value: excludes the request's action with probability 1 - <paramref name="hit"/>.</summary>
    public static JsonNode NotActionValue(Random r, ActionSpec a, double hit) =>
        r.NextDouble() < hit
            ? OneOrList(r, r.NextDouble() < 0.5 ? OtherAction(r, a) : $"{Pick(r, "kms", "lambda")}:*")
            : OneOrList(r, r.NextDouble() < 0.5 ? a.Action : $"{a.Service}:*");

    /// <summary>Resource patterns for the request's resource, including policy variables, that may or may not match.</summary>
    private static string ResourcePattern(Random r, RequestShape q, bool hit)
    {
        var res = q.Resource;
        var acct = q.ResourceAccount;
        if (res == "*" || !hit)
        {
            if (res == "*" && hit) return "*";
            return r.Next(4) switch
            {
                0 => $"arn:aws:ssm:*:{acct}:managed-instance/mi-0ffffffffffffffff",
                1 => $"arn:aws:s3:::{Universe.OtherBucket}/*",
                2 => $"arn:aws:iam::{acct}:user/mallory",
                _ => res == "*" ? $"arn:aws:ec2:*:{acct}:instance/*" : res.Replace("/", "/X", StringComparison.Ordinal),
            };
        }
        var slash = res.LastIndexOf('/');
        var variable = VariablePattern(r, q);
        return r.Next(9) switch
        {
            0 or 1 => res,
            2 => "*",
            3 => slash > 0 ? res[..(slash + 1)] + "*" : res + "*",
            4 => WildRegionAccount(res),
            5 => res.Length > 4 ? res[..^2] + "?" + res[^1..] : res,
            6 => variable ?? res,
            7 => variable ?? "*",
            _ => r.NextDouble() < 0.5 ? res.Replace("instance/", "Instance/", StringComparison.Ordinal).Replace("user/", "User/", StringComparison.Ordinal) : res,
        };
    }

    private static string WildRegionAccount(string arn)
    {
        var parts = arn.Split(':');
        if (parts.Length < 6) return arn;
        if (parts[3].Length > 0) parts[3] = "*";
        if (parts[4].Length > 0) parts[4] = "*";
        return string.Join(':', parts);
    }

    private static string? VariablePattern(Random r, RequestShape q)
    {
        var acct = q.ResourceAccount;
        return q.Action.Action switch
        {
            "iam:GetUser" or "iam:CreateAccessKey" or "iam:ChangePassword" or "iam:TagUser" =>
                Pick(r, $"arn:aws:iam::{acct}:user/${{aws:username}}", $"arn:aws:iam::{acct}:user/*${{aws:username}}", $"arn:aws:iam::{acct}:user/${{aws:username, 'nobody'}}"),
            "iam:CreateVirtualMFADevice" => Pick(r, $"arn:aws:iam::{acct}:mfa/${{aws:username}}*", $"arn:aws:iam::{acct}:mfa/${{aws:username}}"),
            "ssm:TerminateSession" or "ssm:ResumeSession" =>
                Pick(r, "arn:aws:ssm:*:*:session/${aws:username}-*", "arn:aws:ssm:*:*:session/${aws:userid}-*", "arn:aws:ssm:*:*:session/${aws:PrincipalTag/Owner, 'alice'}-*"),
            "s3:GetObject" or "s3:PutObject" or "s3:DeleteObject" =>
                Pick(r, $"arn:aws:s3:::{Universe.HomeBucket}/${{aws:username}}/*", $"arn:aws:s3:::*/${{aws:PrincipalTag/Project}}/*", $"arn:aws:s3:::{Universe.HomeBucket}/${{aws:PrincipalTag/Team, 'shared'}}/*", "arn:aws:s3:::${*}*"),
            // AWS documents variables only in the resource part of an ARN (the trailing part), so none go in the
            // region or account segments.
            "ssm:StartSession" => Pick(r, $"arn:aws:ssm:*:{acct}:managed-instance/${{aws:PrincipalTag/Node, 'mi-0123456789abcdef0'}}", $"arn:aws:ssm:*:{acct}:managed-instance/${{aws:PrincipalTag/Node}}"),
            "ec2:StartInstances" or "ec2:StopInstances" =>
                Pick(r, $"arn:aws:ec2:*:{acct}:instance/${{aws:PrincipalTag/Instance, 'i-0abc1234def567890'}}", $"arn:aws:ec2:*:{acct}:instance/${{aws:PrincipalTag/Instance}}"),
            _ => null,
        };
    }

    public static JsonNode ResourceValue(Random r, RequestShape q, double hit) =>
        r.NextDouble() < 0.3
            ? new JsonArray(ResourcePattern(r, q, false), ResourcePattern(r, q, r.NextDouble() < hit))
            : JsonValue.Create(ResourcePattern(r, q, r.NextDouble() < hit));

    public static JsonNode NotResourceValue(Random r, RequestShape q, double hit) =>
        JsonValue.Create(ResourcePattern(r, q, r.NextDouble() >= hit));

    /// <summary>One statement for a principal-side policy (identity, boundary, session, SCP).</summary>
    public static JsonObject Statement(Random r, RequestShape q, string effect, double hit, double conditionChance, bool allowNotElements = true)
    {
        var s = new JsonObject();
        if (r.NextDouble() < 0.3) s["Sid"] = "";
        s["Effect"] = effect;
        if (allowNotElements && r.NextDouble() < 0.15) s["NotAction"] = NotActionValue(r, q.Action, hit);
        else s["Action"] = ActionValue(r, q.Action, hit);
        if (allowNotElements && r.NextDouble() < 0.1) s["NotResource"] = NotResourceValue(r, q, hit);
        else s["Resource"] = ResourceValue(r, q, hit);
        if (r.NextDouble() < conditionChance) s["Condition"] = ConditionFactory.Block(r, q, 1 + (r.NextDouble() < 0.3 ? 1 : 0) + (r.NextDouble() < 0.1 ? 1 : 0));
        return s;
    }

    public static JsonObject Document(params JsonObject[] statements)
    {
        var array = new JsonArray();
        for (var i = 0; i < statements.Length; i++)
        {
            // IAM requires statement ids to be unique within a policy.
            if (statements[i].ContainsKey("Sid")) statements[i]["Sid"] = $"Stmt{i + 1}";
            array.Add(statements[i]);
        }
        return new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = array };
    }
}

namespace Sekisho.Policy.Tests;

/// <summary>Small builders so tests read like the policies they check.</summary>
internal static class TestPolicies
{
    public const string Account = "111122223333";
    public const string OtherAccount = "444455556666";
    public const string Alice = "arn:aws:iam::111122223333:user/alice";
    public const string OpsSession = "arn:aws:sts::111122223333:assumed-role/Ops/alice";
    public const string OpsRole = "arn:aws:iam::111122223333:role/Ops";

    public static CompiledPolicy Policy(string json, string name = "p") => CompiledPolicy.Parse(json, name);

    /// <summary>A 2012-10-17 policy from statement objects.</summary>
    public static CompiledPolicy Statements(string name, params string[] statements) =>
        Policy($$"""{"Version":"2012-10-17","Statement":[{{string.Join(",", statements)}}]}""", name);

    public static string Allow(string action, string resource = "*", string? condition = null, string? principal = null) =>
        Statement("Allow", action, resource, condition, principal);

    public static string Deny(string action, string resource = "*", string? condition = null, string? principal = null) =>
        Statement("Deny", action, resource, condition, principal);

    private static string Statement(string effect, string action, string? resource, string? condition, string? principal)
    {
        var parts = new List<string> { $"\"Effect\":\"{effect}\"", $"\"Action\":{Json(action)}" };
        if (resource is not null) parts.Add($"\"Resource\":{Json(resource)}");
        if (principal is not null) parts.Add($"\"Principal\":{principal}");
        if (condition is not null) parts.Add($"\"Condition\":{condition}");
        return "{" + string.Join(",", parts) + "}";
    }

    private static string Json(string value) => value.StartsWith('[') ? value : "\"" + value + "\"";

    public static CompiledPolicy AllowAll(string name = "FullAWSAccess") => Statements(name, Allow("*"));

    public static RequestContext Request(string principal, string action, string resource, params (string Key, string Value)[] keys) =>
        RequestContext.Create(principal, action, resource, keys);

    public static RequestContext RequestMulti(string principal, string action, string resource, params (string Key, string[] Values)[] keys) =>
        new(principal, action, resource, keys.Select(k => KeyValuePair.Create(k.Key, k.Values)));
}

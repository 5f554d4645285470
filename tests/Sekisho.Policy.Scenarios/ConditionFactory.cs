using System.Text.Json.Nodes;

namespace Sekisho.Policy.Scenarios;

/// <summary>
/// Draws condition entries (operator, key, values) aimed at a request: each one about as likely to match as not,
/// so that conditions decide outcomes instead of always failing.
/// </summary>
internal static class ConditionFactory
{
    private delegate (string Operator, string Key, JsonNode Values) Maker(Random r, RequestShape q);

    private static JsonNode Values(Random r, params string[] values)
    {
        if (values.Length == 1 && r.NextDouble() < 0.5) return JsonValue.Create(values[0]);
        var array = new JsonArray();
        foreach (var v in values) array.Add(v);
        return array;
    }

    private static string Pick(Random r, params string[] options) => options[r.Next(options.Length)];

    private static readonly Maker[] Makers =
    [
        (r, q) => ("StringEquals", "aws:PrincipalTag/Project", Values(r, Pick(r, "Blue", "Red", "blue"))),
        (r, q) => (Pick(r, "StringEquals", "StringEqualsIfExists"), "aws:ResourceTag/Project", Values(r, "${aws:PrincipalTag/Project}")),
        (r, q) => ("StringEqualsIgnoreCase", "aws:PrincipalTag/Team", Values(r, Pick(r, "OPS", "dev", "Audit"))),
        (r, q) => (Pick(r, "StringNotEquals", "StringNotEqualsIfExists"), "aws:PrincipalTag/Project", Values(r, "Red")),
        (r, q) => ("StringNotEqualsIgnoreCase", "aws:PrincipalTag/Team", Values(r, "OPS")),
        (r, q) => ("StringLike", "aws:userid", Values(r, Pick(r, "AROA*:alice", "AIDA*", "*:${aws:username}", "AROAEXAMPLEOPS00000?:*"))),
        (r, q) => (Pick(r, "StringLike", "StringNotLike"), "aws:RequestedRegion", Values(r, Pick(r, "eu-*", "us-*"))),
        (r, q) => ("StringEquals", "aws:PrincipalTag/Team", Values(r, Pick(r, "${aws:PrincipalTag/Role, 'ops'}", "${aws:PrincipalTag/Team}"))),
        (r, q) => ("StringEquals", "aws:PrincipalType", Values(r, Pick(r, "User", "AssumedRole"))),
        (r, q) => ("StringEquals", "aws:PrincipalAccount", Values(r, Pick(r, Universe.Home, Universe.Other))),
        (r, q) => ("StringEquals", "aws:username", Values(r, Pick(r, "alice", "bob", "${aws:PrincipalTag/Owner, 'alice'}"))),
        (r, q) => (Pick(r, "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericLessThanIfExists"), "aws:MultiFactorAuthAge", Values(r, Pick(r, "3600", "300", "600"))),
        (r, q) => (Pick(r, "NumericEquals", "NumericNotEquals"), "aws:MultiFactorAuthAge", Values(r, "300", "120")),
        (r, q) => (Pick(r, "DateGreaterThan", "DateLessThan", "DateGreaterThanEquals", "DateLessThanEquals"), "aws:CurrentTime", Values(r, Pick(r, "2026-01-01T00:00:00Z", "2026-11-21T10:00:00Z", "2026-12-31T23:59:59Z", "2026-06-30"))),
        (r, q) => (Pick(r, "DateGreaterThan", "DateLessThan"), "aws:EpochTime", Values(r, Pick(r, "1785000000", "2026-09-01T00:00:00Z"))),
        (r, q) => ("DateNotEquals", "aws:TokenIssueTime", Values(r, "2026-11-21T08:00:00Z")),
        (r, q) => ("Bool", "aws:MultiFactorAuthPresent", Values(r, Pick(r, "true", "false", "True"))),
        (r, q) => ("BoolIfExists", "aws:MultiFactorAuthPresent", Values(r, Pick(r, "true", "false"))),
        (r, q) => (Pick(r, "Bool", "BoolIfExists"), "aws:SecureTransport", Values(r, Pick(r, "false", "true"))),
        (r, q) => (Pick(r, "IpAddress", "NotIpAddress"), "aws:SourceIp", Values(r, Pick(r, "203.0.113.0/24", "10.0.0.0/8", "2001:db8::/32", "198.51.100.77"))),
        (r, q) => ("IpAddress", "aws:SourceIp", Values(r, "203.0.113.0/24", "2001:db8::/48")),
        (r, q) => (Pick(r, "ArnLike", "ArnNotLike"), "aws:PrincipalArn", Values(r, Pick(r, $"arn:aws:iam::{Universe.Home}:role/*", "arn:aws:iam::*:user/*", $"arn:aws:iam::{Universe.Home}:user/engineering/*", "arn:aws:iam::*:role/Ops"))),
        (r, q) => (Pick(r, "ArnEquals", "ArnNotEquals"), "aws:PrincipalArn", Values(r, q.Principal.PrincipalArn)),
        (r, q) => (Pick(r, "StringEquals", "StringLike"), "aws:PrincipalArn", Values(r, Pick(r, $"arn:aws:iam::{Universe.Home}:role/Ops", $"arn:aws:iam::{Universe.Home}:user/*"))),
        (r, q) => ("Null", Pick(r, "aws:MultiFactorAuthPresent", "aws:ResourceTag/Project", "aws:PrincipalTag/Project", "aws:TagKeys"), Values(r, Pick(r, "true", "false"))),
        (r, q) => (Pick(r, "ForAllValues:StringEquals", "ForAnyValue:StringEquals"), "aws:TagKeys", Values(r, "Project", "Owner")),
        (r, q) => (Pick(r, "ForAllValues:StringLike", "ForAnyValue:StringLike", "ForAnyValue:StringNotLike"), "aws:TagKeys", Values(r, Pick(r, "Pro*", "SSM*", "*"))),
        (r, q) => ("ForAnyValue:StringEquals", "aws:TagKeys", Values(r, "SSMSessionRunAs")),
        (r, q) => ("ForAllValues:StringEqualsIgnoreCase", "aws:TagKeys", Values(r, "project")),
        (r, q) => ("StringEquals", "aws:RequestTag/Project", Values(r, Pick(r, "${aws:PrincipalTag/Project}", "Blue"))),
        (r, q) => (Pick(r, "StringEquals", "StringNotEquals"), "aws:ResourceAccount", Values(r, Pick(r, "${aws:PrincipalAccount}", Universe.Home))),
        (r, q) => ("StringEquals", "sts:ExternalId", Values(r, "sekisho-ext-42")),
        (r, q) => ("StringLike", "s3:prefix", Values(r, Pick(r, "${aws:username}/*", "${aws:username}/", "shared/*", ""))),
        (r, q) => (Pick(r, "StringEquals", "StringLike"), "aws:ResourceTag/Project", Values(r, Pick(r, "Blue", "Re?", "*"))),
        // Not a boolean: AWS documents Bool values as true/false only (a known difference of the reference).
        (r, q) => ("Bool", Pick(r, "aws:SecureTransport", "aws:MultiFactorAuthPresent"), Values(r, Pick(r, "yes", "1"))),
    ];

    /// <summary>A Condition block with one to three entries; two entries may share an operator (AND of keys).</summary>
    public static JsonObject Block(Random r, RequestShape q, int entries)
    {
        var block = new JsonObject();
        for (var i = 0; i < entries; i++)
        {
            var (op, key, values) = Makers[r.Next(Makers.Length)](r, q);
            if (block[op] is not JsonObject byOperator)
            {
                byOperator = new JsonObject();
                block[op] = byOperator;
            }
            // One key once per operator: a second draw for the same pair is dropped, as a JSON object would.
            if (!byOperator.ContainsKey(key)) byOperator[key] = values;
        }
        return block;
    }
}

using static Sekisho.Policy.Tests.TestPolicies;

namespace Sekisho.Policy.Tests;

/// <summary>
/// Every condition operator and qualifier, with the rules of the IAM User Guide pages "IAM JSON policy elements:
/// Condition operators" and "Set operators for multivalued context keys".
/// </summary>
public class ConditionTests
{
    private static bool Matches(string condition, params (string Key, string[] Values)[] keys)
    {
        var policy = Statements("c", Allow("s3:GetObject", "*", condition));
        var request = RequestMulti(Alice, "s3:GetObject", "arn:aws:s3:::bucket/key", keys);
        return PolicyEvaluator.Decide(new PolicySet([policy]), request) == Decision.Allowed;
    }

    private static bool M(string condition, string key, params string[] values) => Matches(condition, (key, values));

    [Fact]
    public void StringOperators()
    {
        Assert.True(M("""{"StringEquals":{"aws:PrincipalTag/Project":"Blue"}}""", "aws:PrincipalTag/Project", "Blue"));
        Assert.False(M("""{"StringEquals":{"aws:PrincipalTag/Project":"Blue"}}""", "aws:PrincipalTag/Project", "blue"));
        Assert.True(M("""{"StringEqualsIgnoreCase":{"aws:PrincipalTag/Project":"Blue"}}""", "aws:PrincipalTag/Project", "bLUE"));
        Assert.True(M("""{"StringNotEquals":{"aws:PrincipalTag/Project":["Red","Green"]}}""", "aws:PrincipalTag/Project", "Blue"));
        Assert.False(M("""{"StringNotEquals":{"aws:PrincipalTag/Project":["Red","Blue"]}}""", "aws:PrincipalTag/Project", "Blue"));
        Assert.False(M("""{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/Project":"BLUE"}}""", "aws:PrincipalTag/Project", "blue"));
        Assert.True(M("""{"StringLike":{"s3:prefix":"home/*/notes-??.txt"}}""", "s3:prefix", "home/alice/notes-01.txt"));
        Assert.False(M("""{"StringLike":{"s3:prefix":"home/*/notes-??.txt"}}""", "s3:prefix", "home/alice/notes-1.txt"));
        Assert.False(M("""{"StringLike":{"s3:prefix":"Home/*"}}""", "s3:prefix", "home/x"));
        Assert.True(M("""{"StringNotLike":{"s3:prefix":"secret/*"}}""", "s3:prefix", "public/a"));
        Assert.False(M("""{"StringNotLike":{"s3:prefix":"secret/*"}}""", "s3:prefix", "secret/a"));
        // In StringEquals a star is a literal character.
        Assert.False(M("""{"StringEquals":{"s3:prefix":"a*"}}""", "s3:prefix", "abc"));
        Assert.True(M("""{"StringEquals":{"s3:prefix":"a*"}}""", "s3:prefix", "a*"));
    }

    [Fact]
    public void ConditionKeyNamesAreCaseInsensitive()
    {
        Assert.True(M("""{"StringEquals":{"AWS:PRINCIPALTAG/project":"Blue"}}""", "aws:PrincipalTag/Project", "Blue"));
    }

    [Fact]
    public void NumericOperators()
    {
        Assert.True(M("""{"NumericEquals":{"s3:max-keys":"10"}}""", "s3:max-keys", "10"));
        Assert.True(M("""{"NumericEquals":{"s3:max-keys":10}}""", "s3:max-keys", "10.0"));
        Assert.True(M("""{"NumericNotEquals":{"s3:max-keys":"10"}}""", "s3:max-keys", "11"));
        Assert.True(M("""{"NumericLessThan":{"s3:max-keys":"10"}}""", "s3:max-keys", "9"));
        Assert.False(M("""{"NumericLessThan":{"s3:max-keys":"10"}}""", "s3:max-keys", "10"));
        Assert.True(M("""{"NumericLessThanEquals":{"s3:max-keys":"10"}}""", "s3:max-keys", "10"));
        Assert.True(M("""{"NumericGreaterThan":{"s3:max-keys":"10"}}""", "s3:max-keys", "10.5"));
        Assert.True(M("""{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}""", "s3:max-keys", "10"));
        Assert.False(M("""{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}""", "s3:max-keys", "ten"));
    }

    [Fact]
    public void DateOperatorsTakeIso8601AndEpochSeconds()
    {
        const string key = "aws:CurrentTime";
        Assert.True(M("""{"DateLessThan":{"aws:CurrentTime":"2026-12-31T23:59:59Z"}}""", key, "2026-11-21T10:00:00Z"));
        Assert.False(M("""{"DateGreaterThan":{"aws:CurrentTime":"2026-12-31T23:59:59Z"}}""", key, "2026-11-21T10:00:00Z"));
        Assert.True(M("""{"DateEquals":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}""", key, "1577836800"));
        Assert.True(M("""{"DateNotEquals":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}""", key, "1577836801"));
        Assert.True(M("""{"DateLessThanEquals":{"aws:CurrentTime":"1577836800"}}""", key, "2020-01-01T00:00:00Z"));
        Assert.True(M("""{"DateGreaterThanEquals":{"aws:CurrentTime":"2020-01-01"}}""", key, "2020-01-01T00:00:00Z"));
        Assert.True(M("""{"DateLessThan":{"aws:CurrentTime":"2020-01-01T02:00:00+02:00"}}""", key, "2019-12-31T23:59:59Z"));
        Assert.False(M("""{"DateLessThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}""", key, "not a date"));
    }

    [Fact]
    public void BoolAndMalformedBool()
    {
        const string key = "aws:MultiFactorAuthPresent";
        Assert.True(M("""{"Bool":{"aws:MultiFactorAuthPresent":"true"}}""", key, "true"));
        Assert.True(M("""{"Bool":{"aws:MultiFactorAuthPresent":true}}""", key, "TRUE"));
        Assert.False(M("""{"Bool":{"aws:MultiFactorAuthPresent":"true"}}""", key, "false"));
        // AWS: a value that is not true/false matches nothing (iam-simulate accepts "yes"; recorded in the README).
        Assert.False(M("""{"Bool":{"aws:MultiFactorAuthPresent":"yes"}}""", key, "yes"));
        Assert.False(M("""{"Bool":{"aws:MultiFactorAuthPresent":"true"}}""", key, "yes"));
        Assert.False(Matches("""{"Bool":{"aws:MultiFactorAuthPresent":"false"}}"""));
        Assert.True(Matches("""{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}"""));
    }

    [Fact]
    public void BinaryEqualsComparesDecodedBase64()
    {
        Assert.True(M("""{"BinaryEquals":{"key":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}""", "key", "QmluYXJ5VmFsdWVJbkJhc2U2NA=="));
        Assert.False(M("""{"BinaryEquals":{"key":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}""", "key", "QmluYXJ5"));
        Assert.False(M("""{"BinaryEquals":{"key":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}""", "key", "***"));
    }

    [Fact]
    public void IpAddressIPv4AndIPv6()
    {
        const string key = "aws:SourceIp";
        Assert.True(M("""{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", key, "203.0.113.77"));
        Assert.False(M("""{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", key, "203.0.114.1"));
        Assert.True(M("""{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","203.0.113.5"]}}""", key, "203.0.113.5"));
        Assert.True(M("""{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}""", key, "2001:db8:1234:5678::1"));
        Assert.False(M("""{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}""", key, "2001:db8:1234:5679::1"));
        Assert.False(M("""{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}""", key, "203.0.113.5"));
        Assert.True(M("""{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", key, "198.51.100.1"));
        Assert.False(M("""{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}""", key, "203.0.113.1"));
        Assert.True(M("""{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}""", key, "8.8.8.8"));
        Assert.False(M("""{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}""", key, "not-an-ip"));
    }

    [Fact]
    public void ArnOperatorsMatchSegmentWise()
    {
        const string key = "aws:SourceArn";
        Assert.True(M("""{"ArnLike":{"aws:SourceArn":"arn:aws:iam::*:role/Admin*"}}""", key, "arn:aws:iam::111122223333:role/AdminOps"));
        Assert.True(M("""{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:*:111122223333:topic"}}""", key, "arn:aws:sns:us-east-1:111122223333:topic"));
        Assert.False(M("""{"ArnLike":{"aws:SourceArn":"arn:aws:iam::*:role/Admin*"}}""", key, "arn:aws:iam::111122223333:role/admin"));
        // A star in the region segment does not reach across colons into the account.
        Assert.False(M("""{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:topic"}}""", key, "arn:aws:sns:us-east-1:111122223333:topic"));
        Assert.True(M("""{"ArnNotEquals":{"aws:SourceArn":"arn:aws:sns:*:111122223333:topic"}}""", key, "arn:aws:sns:us-east-1:444455556666:topic"));
        Assert.False(M("""{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:*:*"}}""", key, "arn:aws:sns:us-east-1:444455556666:topic"));
        Assert.False(M("""{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:*"}}""", key, "not-an-arn"));
    }

    [Fact]
    public void NullOperator()
    {
        Assert.True(Matches("""{"Null":{"aws:TokenIssueTime":"true"}}"""));
        Assert.False(M("""{"Null":{"aws:TokenIssueTime":"true"}}""", "aws:TokenIssueTime", "2026-01-01T00:00:00Z"));
        Assert.True(M("""{"Null":{"aws:TokenIssueTime":"false"}}""", "aws:TokenIssueTime", "2026-01-01T00:00:00Z"));
        Assert.False(Matches("""{"Null":{"aws:TokenIssueTime":"false"}}"""));
    }

    [Fact]
    public void AbsentKeys()
    {
        // Positive operators: false without the key; IfExists: true; negated operators: true.
        Assert.False(Matches("""{"StringEquals":{"aws:PrincipalTag/Project":"Blue"}}"""));
        Assert.True(Matches("""{"StringEqualsIfExists":{"aws:PrincipalTag/Project":"Blue"}}"""));
        Assert.False(M("""{"StringEqualsIfExists":{"aws:PrincipalTag/Project":"Blue"}}""", "aws:PrincipalTag/Project", "Red"));
        Assert.True(Matches("""{"StringNotEquals":{"aws:PrincipalTag/Project":"Blue"}}"""));
        Assert.True(Matches("""{"StringNotLike":{"aws:PrincipalTag/Project":"B*"}}"""));
        Assert.True(Matches("""{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"""));
        Assert.True(Matches("""{"ArnNotLike":{"aws:SourceArn":"arn:*"}}"""));
        Assert.False(Matches("""{"NumericLessThan":{"s3:max-keys":"10"}}"""));
        Assert.True(Matches("""{"NumericLessThanIfExists":{"s3:max-keys":"10"}}"""));
        Assert.True(Matches("""{"IpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}}"""));
    }

    [Fact]
    public void SetQualifiers()
    {
        const string key = "aws:TagKeys";
        // ForAllValues: every request value must be in the policy set; absent or empty set: true.
        Assert.True(M("""{"ForAllValues:StringEquals":{"aws:TagKeys":["Project","Owner"]}}""", key, "Project"));
        Assert.True(M("""{"ForAllValues:StringEquals":{"aws:TagKeys":["Project","Owner"]}}""", key, "Project", "Owner"));
        Assert.False(M("""{"ForAllValues:StringEquals":{"aws:TagKeys":["Project","Owner"]}}""", key, "Project", "Cost"));
        Assert.True(Matches("""{"ForAllValues:StringEquals":{"aws:TagKeys":["Project"]}}"""));
        Assert.True(M("""{"ForAllValues:StringEquals":{"aws:TagKeys":["Project"]}}""", key));
        // ForAnyValue: one request value in the policy set; absent or empty set: false.
        Assert.True(M("""{"ForAnyValue:StringEquals":{"aws:TagKeys":["Project","Owner"]}}""", key, "Cost", "Owner"));
        Assert.False(M("""{"ForAnyValue:StringEquals":{"aws:TagKeys":["Project","Owner"]}}""", key, "Cost"));
        Assert.False(Matches("""{"ForAnyValue:StringEquals":{"aws:TagKeys":["Project"]}}"""));
        Assert.False(M("""{"ForAnyValue:StringEquals":{"aws:TagKeys":["Project"]}}""", key));
        Assert.True(Matches("""{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":["Project"]}}"""));
        // Negated with qualifiers: ForAllValues:StringNotLike = no request value matches any pattern.
        Assert.True(M("""{"ForAllValues:StringNotLike":{"aws:TagKeys":["aws:*"]}}""", key, "Project", "Owner"));
        Assert.False(M("""{"ForAllValues:StringNotLike":{"aws:TagKeys":["aws:*"]}}""", key, "Project", "aws:x"));
        Assert.True(M("""{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["Project"]}}""", key, "Project", "Owner"));
        Assert.False(M("""{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["Project"]}}""", key, "Project"));
        Assert.True(M("""{"ForAnyValue:StringLike":{"aws:TagKeys":["Pro*"]}}""", key, "Cost", "Project"));
    }

    [Fact]
    public void MultivaluedKeyWithoutQualifier()
    {
        // Positive operator: one request value suffices; negated: no request value may match.
        Assert.True(M("""{"StringEquals":{"aws:TagKeys":"Owner"}}""", "aws:TagKeys", "Project", "Owner"));
        Assert.False(M("""{"StringNotEquals":{"aws:TagKeys":"Owner"}}""", "aws:TagKeys", "Project", "Owner"));
        Assert.True(M("""{"StringNotEquals":{"aws:TagKeys":"Owner"}}""", "aws:TagKeys", "Project", "Cost"));
    }

    [Fact]
    public void ValuesAreOredKeysAndOperatorsAnded()
    {
        const string both = """{"StringEquals":{"aws:PrincipalTag/Project":["Blue","Red"],"aws:PrincipalTag/Team":"Ops"},"Bool":{"aws:SecureTransport":"true"}}""";
        Assert.True(Matches(both, ("aws:PrincipalTag/Project", ["Red"]), ("aws:PrincipalTag/Team", ["Ops"]), ("aws:SecureTransport", ["true"])));
        Assert.False(Matches(both, ("aws:PrincipalTag/Project", ["Red"]), ("aws:PrincipalTag/Team", ["Dev"]), ("aws:SecureTransport", ["true"])));
        Assert.False(Matches(both, ("aws:PrincipalTag/Project", ["Red"]), ("aws:PrincipalTag/Team", ["Ops"]), ("aws:SecureTransport", ["false"])));
        Assert.False(Matches(both, ("aws:PrincipalTag/Project", ["Green"]), ("aws:PrincipalTag/Team", ["Ops"]), ("aws:SecureTransport", ["true"])));
    }

    [Fact]
    public void VariablesInConditionValues()
    {
        const string cond = """{"StringEquals":{"aws:ResourceTag/Project":"${aws:PrincipalTag/Project}"}}""";
        Assert.True(Matches(cond, ("aws:ResourceTag/Project", ["Blue"]), ("aws:PrincipalTag/Project", ["Blue"])));
        Assert.False(Matches(cond, ("aws:ResourceTag/Project", ["Blue"]), ("aws:PrincipalTag/Project", ["Red"])));
        // The principal has no Project tag: the value holding the variable matches nothing.
        Assert.False(Matches(cond, ("aws:ResourceTag/Project", ["Blue"])));
        Assert.False(Matches(cond, ("aws:ResourceTag/Project", [""])));
        Assert.True(Matches("""{"StringEquals":{"aws:ResourceTag/Project":"${aws:PrincipalTag/Project, 'none'}"}}""", ("aws:ResourceTag/Project", ["none"])));
        Assert.True(Matches("""{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}""", ("s3:prefix", ["home/alice/x"])));
        Assert.False(Matches("""{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}""", ("s3:prefix", ["home/bob/x"])));
        Assert.True(Matches("""{"StringEquals":{"s3:prefix":"a${*}b${?}c${$}"}}""", ("s3:prefix", ["a*b?c$"])));
        Assert.True(Matches("""{"ArnLike":{"aws:SourceArn":"arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}"}}""",
            ("aws:SourceArn", ["arn:aws:iam::111122223333:user/alice"])));
        // Variables are substituted only for string and ARN operators: elsewhere the text is literal.
        Assert.False(Matches("""{"NumericEquals":{"s3:max-keys":"${aws:PrincipalTag/n}"}}""", ("s3:max-keys", ["5"]), ("aws:PrincipalTag/n", ["5"])));
    }
}

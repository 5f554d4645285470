using static Sekisho.Policy.Tests.TestPolicies;

namespace Sekisho.Policy.Tests;

/// <summary>
/// Action / NotAction lists are split at compile time into literal names (matched by hash, then text) and wildcard
/// patterns (skipped when their service prefix differs). Action names are case-insensitive ("IAM JSON policy
/// elements: Action"); these check the split gives the answers of comparing every entry.
/// </summary>
public class ActionMatchingTests
{
    private static bool Allows(string actions, string action) =>
        PolicyEvaluator.Decide(new PolicySet([Statements("p", Allow(actions))]), Request(Alice, action, "*")) == Decision.Allowed;

    private static bool NotActionAllows(string actions, string action)
    {
        var policy = TestPolicies.Policy($$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":{{actions}},"Resource":"*"}]}""");
        return PolicyEvaluator.Decide(new PolicySet([policy]), Request(Alice, action, "*")) == Decision.Allowed;
    }

    [Fact]
    public void LiteralsMatchInAnyCase()
    {
        const string list = """["s3:GetObject","ec2:DescribeInstances","iam:GetUser"]""";
        Assert.True(Allows(list, "s3:GetObject"));
        Assert.True(Allows(list, "S3:getobject"));
        Assert.True(Allows(list, "EC2:DESCRIBEINSTANCES"));
        Assert.True(Allows(list, "iam:getuser"));
        Assert.False(Allows(list, "s3:GetObjectAcl"));
        Assert.False(Allows(list, "s3:GetObjec"));
        Assert.False(Allows(list, "iam:GetUsers"));
        Assert.False(Allows(list, "sts:GetObject"));
    }

    [Fact]
    public void WildcardsAndLiteralsTogether()
    {
        const string list = """["s3:Get*","ssm:StartSession","ec2:Describe?nstances","*:ListTagsForResource","s?s:Send*"]""";
        Assert.True(Allows(list, "s3:GetObject"));
        Assert.True(Allows(list, "S3:GETBUCKETPOLICY"));
        Assert.False(Allows(list, "s3:PutObject"));
        Assert.True(Allows(list, "ssm:startsession"));
        Assert.True(Allows(list, "ec2:DescribeInstances"));
        Assert.False(Allows(list, "ec2:DescribeXXnstances"));
        Assert.True(Allows(list, "kms:ListTagsForResource"));
        Assert.True(Allows(list, "SQS:SendMessage"));
        Assert.True(Allows(list, "sns:SendSomething"));
        Assert.False(Allows(list, "sqs:ReceiveMessage"));
        Assert.False(Allows(list, "s3x:GetObject"));
    }

    [Fact]
    public void NotActionListsInvertTheSameMatch()
    {
        const string list = """["iam:ChangePassword","sts:*","s3:Get*"]""";
        Assert.False(NotActionAllows(list, "IAM:changepassword"));
        Assert.False(NotActionAllows(list, "sts:AssumeRole"));
        Assert.False(NotActionAllows(list, "s3:getobject"));
        Assert.True(NotActionAllows(list, "s3:PutObject"));
        Assert.True(NotActionAllows(list, "iam:ChangePasswords"));
        Assert.True(NotActionAllows(list, "ec2:StartInstances"));
    }

    [Fact]
    public void NonAsciiNamesAreComparedAsText()
    {
        // Not real actions, but the engine must still treat them as text compared case-insensitively.
        Assert.True(Allows("""["svc:Ärger","svc:Other"]""", "svc:ärger"));
        Assert.False(Allows("""["svc:Ärger"]""", "svc:Arger"));
        Assert.True(Allows("""["svc:Plain"]""", "svc:Plain"));
        Assert.False(Allows("""["svc:Plain"]""", "svc:Pläin"));
        Assert.True(NotActionAllows("""["svc:Ärger"]""", "svc:Plain"));
        Assert.False(NotActionAllows("""["svc:Ärger"]""", "SVC:ÄRGER"));
    }
}

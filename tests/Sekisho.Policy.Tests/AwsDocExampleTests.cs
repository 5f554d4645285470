using static Sekisho.Policy.Tests.TestPolicies;

namespace Sekisho.Policy.Tests;

/// <summary>Example policies from the IAM User Guide ("Example IAM identity-based policies"), each named by its page
/// title, with the behaviour the page describes.</summary>
public class AwsDocExampleTests
{
    [Fact]
    public void DeniesAccessBasedOnRequestedRegion()
    {
        // "AWS: Denies access to AWS based on the requested Region"
        var policy = TestPolicies.Policy("""
            {"Version":"2012-10-17","Statement":[{"Sid":"DenyAllOutsideRequestedRegions","Effect":"Deny",
              "NotAction":["cloudfront:*","iam:*","route53:*","support:*"],"Resource":"*",
              "Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-central-1","eu-west-1"]}}}]}
            """, "RegionDeny");
        var set = new PolicySet([AllowAll("Admin"), policy]);
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Alice, "ec2:RunInstances", "*", ("aws:RequestedRegion", "eu-west-1"))));
        Assert.Equal(Decision.ExplicitlyDenied, PolicyEvaluator.Decide(set, Request(Alice, "ec2:RunInstances", "*", ("aws:RequestedRegion", "us-east-1"))));
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Alice, "iam:ListUsers", "*", ("aws:RequestedRegion", "us-east-1"))));
    }

    [Fact]
    public void S3HomeDirectory()
    {
        // "Amazon S3: Allows IAM users access to their S3 home directory, programmatically and in the console"
        var policy = TestPolicies.Policy("""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"AllowListingOfUserFolder","Action":["s3:ListBucket"],"Effect":"Allow","Resource":["arn:aws:s3:::bucket-name"],
               "Condition":{"StringLike":{"s3:prefix":["","home/","home/${aws:username}/*"]}}},
              {"Sid":"AllowAllS3ActionsInUserFolder","Effect":"Allow","Resource":["arn:aws:s3:::bucket-name/home/${aws:username}/*"],"Action":["s3:*"]}]}
            """, "Home");
        var set = new PolicySet([policy]);
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Alice, "s3:PutObject", "arn:aws:s3:::bucket-name/home/alice/a.txt")));
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(set, Request(Alice, "s3:PutObject", "arn:aws:s3:::bucket-name/home/bob/a.txt")));
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Alice, "s3:ListBucket", "arn:aws:s3:::bucket-name", ("s3:prefix", "home/alice/docs"))));
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Alice, "s3:ListBucket", "arn:aws:s3:::bucket-name", ("s3:prefix", ""))));
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(set, Request(Alice, "s3:ListBucket", "arn:aws:s3:::bucket-name", ("s3:prefix", "home/bob/"))));
    }

    [Fact]
    public void AllowsAccessWithinSpecificDates()
    {
        // "AWS: Allows access within specific dates"
        var policy = TestPolicies.Policy("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"service-prefix:action-name","Resource":"*",
              "Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-04-01T00:00:00Z"},"DateLessThan":{"aws:CurrentTime":"2020-06-30T23:59:59Z"}}}]}
            """, "Dates");
        var set = new PolicySet([policy]);
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Alice, "service-prefix:action-name", "*", ("aws:CurrentTime", "2020-05-01T12:00:00Z"))));
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(set, Request(Alice, "service-prefix:action-name", "*", ("aws:CurrentTime", "2020-07-01T00:00:00Z"))));
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(set, Request(Alice, "service-prefix:action-name", "*")));
    }

    [Fact]
    public void DeniesAccessBasedOnSourceIp()
    {
        // "AWS: Denies access to AWS based on the source IP"
        var policy = TestPolicies.Policy("""
            {"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*",
              "Condition":{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]},"Bool":{"aws:ViaAWSService":"false"}}}}
            """, "IpDeny");
        var set = new PolicySet([AllowAll("Admin"), policy]);
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Alice, "s3:GetObject", "*", ("aws:SourceIp", "192.0.2.10"), ("aws:ViaAWSService", "false"))));
        Assert.Equal(Decision.ExplicitlyDenied, PolicyEvaluator.Decide(set, Request(Alice, "s3:GetObject", "*", ("aws:SourceIp", "198.51.100.1"), ("aws:ViaAWSService", "false"))));
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Alice, "s3:GetObject", "*", ("aws:SourceIp", "198.51.100.1"), ("aws:ViaAWSService", "true"))));
    }

    [Fact]
    public void AbacTutorialAccessSameProject()
    {
        // "IAM tutorial: Define permissions to access AWS resources based on tags" (access-same-project-team)
        var policy = TestPolicies.Policy("""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"AllActionsSecretsManagerSameProjectSameTeam","Effect":"Allow","Action":"secretsmanager:*","Resource":"*",
               "Condition":{"StringEquals":{"aws:ResourceTag/access-project":"${aws:PrincipalTag/access-project}",
                                            "aws:ResourceTag/access-team":"${aws:PrincipalTag/access-team}",
                                            "aws:ResourceTag/cost-center":"${aws:PrincipalTag/cost-center}"},
                            "ForAllValues:StringEquals":{"aws:TagKeys":["access-project","access-team","cost-center","Name","OwnedBy"]},
                            "StringEqualsIfExists":{"aws:RequestTag/access-project":"${aws:PrincipalTag/access-project}",
                                                    "aws:RequestTag/access-team":"${aws:PrincipalTag/access-team}",
                                                    "aws:RequestTag/cost-center":"${aws:PrincipalTag/cost-center}"}}}]}
            """, "access-same-project-team");
        var set = new PolicySet([policy]);
        const string secret = "arn:aws:secretsmanager:us-east-1:111122223333:secret:s1";
        (string, string)[] principalTags = [("aws:PrincipalTag/access-project", "peg"), ("aws:PrincipalTag/access-team", "eng"), ("aws:PrincipalTag/cost-center", "987654")];
        (string, string)[] sameResource = [("aws:ResourceTag/access-project", "peg"), ("aws:ResourceTag/access-team", "eng"), ("aws:ResourceTag/cost-center", "987654")];
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Alice, "secretsmanager:GetSecretValue", secret, [.. principalTags, .. sameResource])));
        (string, string)[] otherTeam = [("aws:ResourceTag/access-project", "peg"), ("aws:ResourceTag/access-team", "qas"), ("aws:ResourceTag/cost-center", "987654")];
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(set, Request(Alice, "secretsmanager:GetSecretValue", secret, [.. principalTags, .. otherTeam])));
        var badTag = RequestMulti(Alice, "secretsmanager:TagResource", secret,
            [.. principalTags.Select(t => (t.Item1, new[] { t.Item2 })), .. sameResource.Select(t => (t.Item1, new[] { t.Item2 })), ("aws:TagKeys", ["access-project", "Secret"])]);
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(set, badTag));
    }
}

using static Sekisho.Policy.Tests.TestPolicies;

namespace Sekisho.Policy.Tests;

/// <summary>The policies of scenarios 1-3 of ../shared/docs/scenarios.md with the decisions and messages AWS gives.</summary>
public class ScenarioTests
{
    private const string Mfa = "aws:MultiFactorAuthPresent";

    // Scenario 1: the group every human user joins (statements as the scenario lists them; the Deny is the IAM User
    // Guide's "DenyAllExceptListedIfNoMFA" from "IAM: Allows MFA-authenticated IAM users to manage their own
    // credentials on the Security credentials page").
    private static readonly CompiledPolicy SelfManage = TestPolicies.Policy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "AllowAssumeAnyRole", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
            {"Sid": "AllowManageOwnAccessKeys", "Effect": "Allow",
             "Action": ["iam:CreateAccessKey", "iam:ListAccessKeys", "iam:DeleteAccessKey", "iam:UpdateAccessKey", "iam:GetAccessKeyLastUsed"],
             "Resource": "arn:aws:iam::111122223333:user/${aws:username}"},
            {"Sid": "AllowTagSelf", "Effect": "Allow", "Action": ["iam:TagUser", "iam:UntagUser"], "Resource": "arn:aws:iam::111122223333:user/${aws:username}"},
            {"Sid": "AllowManageOwnVirtualMFADevice", "Effect": "Allow",
             "Action": ["iam:CreateVirtualMFADevice", "iam:DeleteVirtualMFADevice"],
             "Resource": "arn:aws:iam::*:mfa/${aws:username}*"},
            {"Sid": "AllowManageOwnUserMFAAndPassword", "Effect": "Allow",
             "Action": ["iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice", "iam:DeactivateMFADevice", "iam:ChangePassword", "iam:GetUser"],
             "Resource": "arn:aws:iam::*:user/${aws:username}*"},
            {"Sid": "DenyAllExceptListedIfNoMFA", "Effect": "Deny",
             "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices",
                           "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken", "iam:ChangePassword",
                           "iam:GetAccountPasswordPolicy"],
             "Resource": "*",
             "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
          ]
        }
        """, "Humans/SelfManage");

    private static readonly CompiledPolicy TrustAccount = Statements("trust",
        Allow("sts:AssumeRole", null!, null, """{"AWS":"arn:aws:iam::111122223333:root"}"""));

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public void Scenario1_WithoutMfaOnlyMfaAndPasswordActionsWork(string? mfa)
    {
        var keys = mfa is null ? [] : new[] { (Mfa, mfa) };
        var set = new PolicySet([SelfManage]);
        var key = PolicyEvaluator.Evaluate(set, Request(Alice, "iam:CreateAccessKey", Alice, keys));
        Assert.Equal(Decision.ExplicitlyDenied, key.Decision);
        Assert.Equal("User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:CreateAccessKey on resource: "
            + "arn:aws:iam::111122223333:user/alice with an explicit deny in an identity-based policy", key.Message);
        Assert.Equal("DenyAllExceptListedIfNoMFA", key.Explanation!.DecidedBy!.Sid);
        Assert.Equal("Humans/SelfManage", key.Explanation.DecidedBy.PolicyName);
        Assert.Contains("DenyAllExceptListedIfNoMFA", key.Explanation.Summary);

        var assume = PolicyEvaluator.Evaluate(new PolicySet([SelfManage], resourcePolicy: TrustAccount),
            Request(Alice, "sts:AssumeRole", "arn:aws:iam::111122223333:role/Project1", keys));
        Assert.Equal(Decision.ExplicitlyDenied, assume.Decision);
        Assert.Equal(PolicyKind.IdentityBased, assume.DeniedBy);

        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Alice, "iam:CreateVirtualMFADevice", "arn:aws:iam::111122223333:mfa/alice", keys)));
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Alice, "iam:ChangePassword", Alice, keys)));
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Alice, "iam:EnableMFADevice", Alice, keys)));
        var other = PolicyEvaluator.Evaluate(set, Request(Alice, "iam:CreateVirtualMFADevice", "arn:aws:iam::111122223333:mfa/bob", keys));
        Assert.Equal(Decision.ImplicitlyDenied, other.Decision);
        Assert.EndsWith("because no identity-based policy allows the iam:CreateVirtualMFADevice action", other.Message);
    }

    [Fact]
    public void Scenario1_WithMfaAccessKeysAndRolesWork()
    {
        var withMfa = new[] { (Mfa, "true") };
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(new PolicySet([SelfManage]), Request(Alice, "iam:CreateAccessKey", Alice, withMfa)));
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(new PolicySet([SelfManage], resourcePolicy: TrustAccount),
            Request(Alice, "sts:AssumeRole", "arn:aws:iam::111122223333:role/Project1", withMfa)));
        // Someone else's access keys stay out of reach.
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(new PolicySet([SelfManage]),
            Request(Alice, "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/bob", withMfa)));
    }

    // Scenario 2: the Project-1 role's permissions and trust policy.
    private static readonly CompiledPolicy ProjectRole = TestPolicies.Policy("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "Documents", "Effect": "Allow", "Action": "ssm:StartSession", "Resource": "arn:aws:ssm:*:*:document/*"},
            {"Sid": "OwnProjectNodes", "Effect": "Allow", "Action": ["ssm:StartSession", "ssm:GetConnectionStatus"], "Resource": "*",
             "Condition": {"StringEquals": {"aws:ResourceTag/Project": "${aws:PrincipalTag/Project}"}}},
            {"Sid": "OwnSessions", "Effect": "Allow", "Action": ["ssm:ResumeSession", "ssm:TerminateSession"],
             "Resource": "arn:aws:ssm:*:*:session/${aws:username}-*"},
            {"Sid": "Describe", "Effect": "Allow", "Action": ["ssm:DescribeInstanceInformation", "ssm:DescribeSessions"], "Resource": "*"}
          ]
        }
        """, "Project1Permissions");

    private const string Project1Session = "arn:aws:sts::111122223333:assumed-role/Project1/alice";
    private const string Node1 = "arn:aws:ssm:us-east-1:111122223333:managed-instance/mi-0123456789abcdef0";
    private const string Node2 = "arn:aws:ssm:us-east-1:111122223333:managed-instance/mi-0fedcba9876543210";
    private const string RunShell = "arn:aws:ssm:us-east-1:111122223333:document/SSM-SessionManagerRunShell";

    [Fact]
    public void Scenario2_TrustPolicyNeedsMfa()
    {
        var trust = TestPolicies.Policy("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
              "Principal":{"AWS":["arn:aws:iam::111122223333:user/alice","arn:aws:iam::444455556666:user/carol"]},
              "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}
            """, "Project1Trust");
        const string role = "arn:aws:iam::111122223333:role/Project1";
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(new PolicySet(resourcePolicy: trust), Request(Alice, "sts:AssumeRole", role, (Mfa, "true"))));
        var noMfa = PolicyEvaluator.Evaluate(new PolicySet(resourcePolicy: trust), Request(Alice, "sts:AssumeRole", role));
        Assert.Equal(Decision.ImplicitlyDenied, noMfa.Decision);
        Assert.Equal(PolicyKind.RoleTrust, noMfa.DeniedBy);
        // Carol is in another account: her own identity policy must allow too.
        const string carol = "arn:aws:iam::444455556666:user/carol";
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(new PolicySet(resourcePolicy: trust), Request(carol, "sts:AssumeRole", role, (Mfa, "true"))));
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(new PolicySet([Statements("c", Allow("sts:AssumeRole", role))], resourcePolicy: trust),
            Request(carol, "sts:AssumeRole", role, (Mfa, "true"))));
    }

    [Fact]
    public void Scenario2_AbacOnProjectTags()
    {
        var set = new PolicySet([ProjectRole]);
        var tag = ("aws:PrincipalTag/Project", "Test Project 1");
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Project1Session, "ssm:StartSession", Node1, tag, ("aws:ResourceTag/Project", "Test Project 1"))));
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Project1Session, "ssm:StartSession", RunShell, tag)));
        var other = PolicyEvaluator.Evaluate(set, Request(Project1Session, "ssm:StartSession", Node2, tag, ("aws:ResourceTag/Project", "Test Project 2")));
        Assert.Equal(Decision.ImplicitlyDenied, other.Decision);
        Assert.Equal("User: arn:aws:sts::111122223333:assumed-role/Project1/alice is not authorized to perform: ssm:StartSession on resource: "
            + "arn:aws:ssm:us-east-1:111122223333:managed-instance/mi-0fedcba9876543210 because no identity-based policy allows the ssm:StartSession action",
            other.Message);
        // Without the document statement, the document itself is refused and named.
        var noDocuments = new PolicySet([TestPolicies.Policy("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:StartSession","Resource":"*",
              "Condition":{"StringEquals":{"aws:ResourceTag/Project":"${aws:PrincipalTag/Project}"}}}]}
            """, "NoDocuments")]);
        var doc = PolicyEvaluator.Evaluate(noDocuments, Request(Project1Session, "ssm:StartSession", RunShell, tag));
        Assert.Equal(Decision.ImplicitlyDenied, doc.Decision);
        Assert.Contains("on resource: arn:aws:ssm:us-east-1:111122223333:document/SSM-SessionManagerRunShell because no identity-based policy", doc.Message);
        // A principal without a Project tag reaches nothing, even an untagged node.
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(set, Request(Project1Session, "ssm:StartSession", Node1)));
    }

    [Fact]
    public void Scenario2_OnlyOwnSessionsCanBeResumed()
    {
        // An IAM user holding these permissions: session ids start with the caller's name.
        var set = new PolicySet([ProjectRole]);
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Alice, "ssm:ResumeSession", "arn:aws:ssm:us-east-1:111122223333:session/alice-0a1b2c3d4e5f6a7b8")));
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(set, Request(Alice, "ssm:TerminateSession", "arn:aws:ssm:us-east-1:111122223333:session/bob-0a1b2c3d4e5f6a7b8")));
        // A role session has no aws:username (AWS fills it for IAM users only) unless the server supplies one.
        Assert.Equal(Decision.ImplicitlyDenied, PolicyEvaluator.Decide(set, Request(Project1Session, "ssm:ResumeSession", "arn:aws:ssm:us-east-1:111122223333:session/alice-0a1b2c3d4e5f6a7b8")));
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Project1Session, "ssm:ResumeSession",
            "arn:aws:ssm:us-east-1:111122223333:session/alice-0a1b2c3d4e5f6a7b8", ("aws:username", "alice"))));
    }

    [Fact]
    public void Scenario3_StartSessionOnlyOnTheSshDocument()
    {
        var policy = TestPolicies.Policy("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:StartSession",
              "Resource":["arn:aws:ssm:*:*:managed-instance/*","arn:aws:ssm:*::document/AWS-StartSSHSession"]}]}
            """, "SshOnly");
        var set = new PolicySet([policy]);
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Alice, "ssm:StartSession", "arn:aws:ssm:us-east-1::document/AWS-StartSSHSession")));
        var shell = PolicyEvaluator.Evaluate(set, Request(Alice, "ssm:StartSession", "arn:aws:ssm:us-east-1::document/SSM-SessionManagerRunShell"));
        Assert.Equal(Decision.ImplicitlyDenied, shell.Decision);
        Assert.EndsWith("because no identity-based policy allows the ssm:StartSession action", shell.Message);
        // The node itself is allowed: a default shell session names no document, so the policy does not stop it.
        Assert.Equal(Decision.Allowed, PolicyEvaluator.Decide(set, Request(Alice, "ssm:StartSession", Node1)));
    }
}

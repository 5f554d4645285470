using static Sekisho.Policy.Tests.TestPolicies;

namespace Sekisho.Policy.Tests;

/// <summary>Each evaluation layer of the IAM User Guide's "Policy evaluation logic" pages, and the messages of its
/// "Troubleshoot access denied error messages" page.</summary>
public class EvaluationTests
{
    private const string Bucket = "arn:aws:s3:::bucket/key";

    private static EvaluationResult Eval(PolicySet set, RequestContext request) => PolicyEvaluator.Evaluate(set, request);

    private static void AssertDecision(Decision expected, PolicyKind? kind, PolicySet set, RequestContext request)
    {
        var r = Eval(set, request);
        Assert.True(expected == r.Decision, $"expected {expected}, got {r.Decision}: {r.Message} / {r.Explanation?.Summary}");
        Assert.Equal(kind, r.DeniedBy);
        Assert.Equal(expected, PolicyEvaluator.Decide(set, request));
    }

    [Fact]
    public void ImplicitDenyWithoutPolicies()
    {
        var r = Eval(new PolicySet(), Request(Alice, "s3:GetObject", Bucket));
        Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
        Assert.Equal(
            "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::bucket/key because no identity-based policy allows the s3:GetObject action",
            r.Message);
    }

    [Fact]
    public void IdentityAllowAndActionCaseInsensitivity()
    {
        var set = new PolicySet([Statements("p", Allow("S3:getobj*", "arn:aws:s3:::bucket/*"))]);
        AssertDecision(Decision.Allowed, null, set, Request(Alice, "s3:GetObject", Bucket));
        Assert.Equal("", Eval(set, Request(Alice, "s3:GetObject", Bucket)).Message);
        // ARNs are case-sensitive.
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.IdentityBased, set, Request(Alice, "s3:GetObject", "arn:aws:s3:::Bucket/key"));
    }

    [Fact]
    public void ExplicitDenyWinsAndIsWorded()
    {
        var set = new PolicySet([Statements("allow", Allow("s3:*")), Statements("deny", Deny("s3:GetObject", "arn:aws:s3:::bucket/*"))]);
        var r = Eval(set, Request(Alice, "s3:GetObject", Bucket));
        Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
        Assert.EndsWith("on resource: arn:aws:s3:::bucket/key with an explicit deny in an identity-based policy", r.Message);
        Assert.Equal("deny", r.Explanation!.DecidedBy!.PolicyName);
        Assert.Equal(0, r.Explanation.DecidedBy.StatementIndex);
    }

    [Fact]
    public void NotActionAndNotResource()
    {
        var set = new PolicySet([TestPolicies.Policy("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::secret/*"}}""")]);
        AssertDecision(Decision.Allowed, null, set, Request(Alice, "s3:GetObject", Bucket));
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.IdentityBased, set, Request(Alice, "iam:ListUsers", "*"));
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.IdentityBased, set, Request(Alice, "s3:GetObject", "arn:aws:s3:::secret/x"));
    }

    [Fact]
    public void ResourceVariablesAndDefaults()
    {
        var set = new PolicySet([Statements("p", Allow("iam:CreateAccessKey", "arn:aws:iam::111122223333:user/${aws:username}"))]);
        AssertDecision(Decision.Allowed, null, set, Request(Alice, "iam:CreateAccessKey", Alice));
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.IdentityBased, set, Request(Alice, "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/bob"));
        // A role session has no aws:username: the resource matches nothing.
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.IdentityBased, set,
            Request(OpsSession, "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/"));
        var withDefault = new PolicySet([Statements("p", Allow("s3:GetObject", "arn:aws:s3:::bucket/${aws:username, 'shared'}/*"))]);
        AssertDecision(Decision.Allowed, null, withDefault, Request(OpsSession, "s3:GetObject", "arn:aws:s3:::bucket/shared/x"));
        AssertDecision(Decision.Allowed, null, withDefault, Request(Alice, "s3:GetObject", "arn:aws:s3:::bucket/alice/x"));
        // 2008-10-17: variables are literal text.
        var old = new PolicySet([CompiledPolicy.Compile(PolicyParser.Parse(
            """{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/${aws:username}"}}""").Document!, "old")]);
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.IdentityBased, old, Request(Alice, "s3:GetObject", "arn:aws:s3:::bucket/alice"));
        AssertDecision(Decision.Allowed, null, old, Request(Alice, "s3:GetObject", "arn:aws:s3:::bucket/${aws:username}"));
    }

    [Fact]
    public void PermissionsBoundaryMustAllowToo()
    {
        var identity = Statements("admin", Allow("*"));
        var boundary = Statements("boundary", Allow("s3:*"));
        var set = new PolicySet([identity], permissionsBoundary: boundary);
        AssertDecision(Decision.Allowed, null, set, Request(Alice, "s3:GetObject", Bucket));
        var r = Eval(set, Request(Alice, "iam:CreateUser", "arn:aws:iam::111122223333:user/bob"));
        Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
        Assert.EndsWith("because no permissions boundary allows the iam:CreateUser action", r.Message);
        // A boundary alone grants nothing.
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.IdentityBased, new PolicySet(permissionsBoundary: boundary), Request(Alice, "s3:GetObject", Bucket));
        var denyBoundary = new PolicySet([identity], permissionsBoundary: Statements("b", Allow("*"), Deny("s3:DeleteObject")));
        AssertDecision(Decision.ExplicitlyDenied, PolicyKind.PermissionsBoundary, denyBoundary, Request(Alice, "s3:DeleteObject", Bucket));
        Assert.EndsWith("with an explicit deny in a permissions boundary", Eval(denyBoundary, Request(Alice, "s3:DeleteObject", Bucket)).Message);
    }

    [Fact]
    public void SessionPolicyMustAllowToo()
    {
        var set = new PolicySet([Statements("role", Allow("s3:*"))], sessionPolicy: Statements("session", Allow("s3:GetObject")));
        AssertDecision(Decision.Allowed, null, set, Request(OpsSession, "s3:GetObject", Bucket));
        var r = Eval(set, Request(OpsSession, "s3:PutObject", Bucket));
        Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
        Assert.EndsWith("because no session policy allows the s3:PutObject action", r.Message);
        var deny = new PolicySet([Statements("role", Allow("s3:*"))], sessionPolicy: Statements("session", Allow("*"), Deny("s3:PutObject")));
        Assert.EndsWith("with an explicit deny in a session policy", Eval(deny, Request(OpsSession, "s3:PutObject", Bucket)).Message);
        // A federated-user session without a session policy gets nothing.
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.SessionPolicy, new PolicySet([Statements("u", Allow("s3:*"))]),
            Request("arn:aws:sts::111122223333:federated-user/bob", "s3:GetObject", Bucket));
    }

    [Fact]
    public void ServiceControlPoliciesEveryLevelMustAllow()
    {
        var identity = Statements("admin", Allow("*"));
        var root = new[] { AllowAll() };
        var ou = new[] { Statements("OnlyS3", Allow("s3:*")) };
        var set = new PolicySet([identity], serviceControlPolicies: [root, ou]);
        AssertDecision(Decision.Allowed, null, set, Request(Alice, "s3:GetObject", Bucket));
        var r = Eval(set, Request(Alice, "ec2:RunInstances", "*"));
        Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
        Assert.Equal(PolicyKind.ServiceControlPolicy, r.DeniedBy);
        // AWS words a missing SCP allow as an explicit deny.
        Assert.EndsWith("on resource: * with an explicit deny in a service control policy", r.Message);
        Assert.Equal(1, r.Explanation!.DecidedBy!.Level);
        var deny = new PolicySet([identity], serviceControlPolicies: [[AllowAll(), Statements("NoDelete", Deny("s3:DeleteObject"))]]);
        AssertDecision(Decision.ExplicitlyDenied, PolicyKind.ServiceControlPolicy, deny, Request(Alice, "s3:DeleteObject", Bucket));
        // SCPs grant nothing by themselves.
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.IdentityBased, new PolicySet(serviceControlPolicies: [root]), Request(Alice, "s3:GetObject", Bucket));
        // Service-linked roles are not restricted by SCPs.
        AssertDecision(Decision.Allowed, null, new PolicySet([identity], serviceControlPolicies: [ou]),
            Request("arn:aws:iam::111122223333:role/aws-service-role/ssm.amazonaws.com/AWSServiceRoleForAmazonSSM", "ec2:DescribeInstances", "*"));
    }

    [Fact]
    public void ResourceControlPolicies()
    {
        var identity = Statements("admin", Allow("*"));
        var rcp = Statements("RCP", Allow("*", principal: "\"*\""),
            Deny("s3:*", "*", """{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-123"}}""", "\"*\""));
        var set = new PolicySet([identity], resourceControlPolicies: [[rcp]]);
        AssertDecision(Decision.Allowed, null, set, RequestMulti(Alice, "s3:GetObject", Bucket, ("aws:PrincipalOrgID", ["o-123"])));
        var r = Eval(set, RequestMulti(Alice, "s3:GetObject", Bucket, ("aws:PrincipalOrgID", ["o-999"])));
        Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
        Assert.EndsWith("with an explicit deny in a resource control policy", r.Message);
        // RCPFullAWSAccess is always attached: a level without an allow of its own does not deny.
        var none = new PolicySet([identity], resourceControlPolicies: [[Statements("Nothing", Deny("sqs:*", principal: "\"*\""))]]);
        AssertDecision(Decision.Allowed, null, none, Request(Alice, "s3:GetObject", Bucket));
    }

    [Fact]
    public void SameAccountResourcePolicyByPrincipalKind()
    {
        const string key = "arn:aws:kms:us-east-1:111122223333:key/k";
        // Naming the user ARN grants on its own, even with no identity policy and a boundary that does not allow.
        var user = Statements("bucket", Allow("s3:GetObject", Bucket, principal: $$"""{"AWS":"{{Alice}}"}"""));
        AssertDecision(Decision.Allowed, null, new PolicySet(resourcePolicy: user), Request(Alice, "s3:GetObject", Bucket));
        AssertDecision(Decision.Allowed, null, new PolicySet(resourcePolicy: user, permissionsBoundary: Statements("b", Allow("ec2:*"))),
            Request(Alice, "s3:GetObject", Bucket));
        // Naming the role: granted without identity policies, but the boundary and session policy still limit it.
        var role = Statements("bucket", Allow("s3:GetObject", Bucket, principal: $$"""{"AWS":"{{OpsRole}}"}"""));
        AssertDecision(Decision.Allowed, null, new PolicySet(resourcePolicy: role), Request(OpsSession, "s3:GetObject", Bucket));
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.PermissionsBoundary,
            new PolicySet(resourcePolicy: role, permissionsBoundary: Statements("b", Allow("ec2:*"))), Request(OpsSession, "s3:GetObject", Bucket));
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.SessionPolicy,
            new PolicySet(resourcePolicy: role, sessionPolicy: Statements("s", Allow("ec2:*"))), Request(OpsSession, "s3:GetObject", Bucket));
        // Naming the session ARN: granted to that session directly, even past a session policy's implicit deny.
        var session = Statements("bucket", Allow("s3:GetObject", Bucket, principal: $$"""{"AWS":"{{OpsSession}}"}"""));
        AssertDecision(Decision.Allowed, null, new PolicySet(resourcePolicy: session, sessionPolicy: Statements("s", Allow("ec2:*"))),
            Request(OpsSession, "s3:GetObject", Bucket));
        // Naming the account delegates to identity policies.
        var account = Statements("key", Allow("kms:Decrypt", "*", principal: """{"AWS":"arn:aws:iam::111122223333:root"}"""));
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.IdentityBased, new PolicySet(resourcePolicy: account), Request(Alice, "kms:Decrypt", key));
        AssertDecision(Decision.Allowed, null, new PolicySet([Statements("i", Allow("kms:Decrypt"))], resourcePolicy: account), Request(Alice, "kms:Decrypt", key));
        // An explicit deny in the resource policy wins over an identity allow.
        var deny = Statements("bucket", Deny("s3:GetObject", Bucket, principal: "\"*\""));
        var r = Eval(new PolicySet([Statements("i", Allow("s3:*"))], resourcePolicy: deny), Request(Alice, "s3:GetObject", Bucket));
        Assert.Equal(Decision.ExplicitlyDenied, r.Decision);
        Assert.EndsWith("with an explicit deny in a resource-based policy", r.Message);
    }

    [Fact]
    public void CrossAccountNeedsBothSides()
    {
        const string otherBucket = "arn:aws:s3:::other-bucket/key";
        var keys = ("aws:ResourceAccount", OtherAccount);
        var identity = Statements("i", Allow("s3:GetObject"));
        var bucketPolicy = Statements("bucket", Allow("s3:GetObject", "arn:aws:s3:::other-bucket/*", principal: $$"""{"AWS":"{{Account}}"}"""));
        AssertDecision(Decision.Allowed, null, new PolicySet([identity], resourcePolicy: bucketPolicy), Request(Alice, "s3:GetObject", otherBucket, keys));
        var noResource = Eval(new PolicySet([identity]), Request(Alice, "s3:GetObject", otherBucket, keys));
        Assert.Equal(Decision.ImplicitlyDenied, noResource.Decision);
        Assert.EndsWith("because no resource-based policy allows the s3:GetObject action", noResource.Message);
        Assert.True(noResource.Explanation!.CrossAccount);
        // Even naming the user itself, the principal's account must allow across accounts.
        var userNamed = Statements("bucket", Allow("s3:GetObject", "*", principal: $$"""{"AWS":"{{Alice}}"}"""));
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.IdentityBased, new PolicySet(resourcePolicy: userNamed), Request(Alice, "s3:GetObject", otherBucket, keys));
        // The resource account is read from the ARN when it has one.
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.ResourceBased, new PolicySet([Statements("i", Allow("sqs:*"))]),
            Request(Alice, "sqs:SendMessage", "arn:aws:sqs:us-east-1:444455556666:queue"));
    }

    [Fact]
    public void TrustPolicies()
    {
        const string role = "arn:aws:iam::111122223333:role/Project1";
        var byUser = Statements("trust", Allow("sts:AssumeRole", null!, """{"Bool":{"aws:MultiFactorAuthPresent":"true"}}""", $$"""{"AWS":"{{Alice}}"}"""));
        var withMfa = Request(Alice, "sts:AssumeRole", role, ("aws:MultiFactorAuthPresent", "true"));
        AssertDecision(Decision.Allowed, null, new PolicySet(resourcePolicy: byUser), withMfa);
        var r = Eval(new PolicySet(resourcePolicy: byUser), Request(Alice, "sts:AssumeRole", role));
        Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
        Assert.Equal(PolicyKind.RoleTrust, r.DeniedBy);
        Assert.EndsWith("because no role trust policy allows the sts:AssumeRole action", r.Message);
        Assert.True(r.Explanation!.TrustPolicyEvaluation);
        // Identity policies alone cannot assume a role whose trust policy does not name the caller.
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.RoleTrust, new PolicySet([Statements("i", Allow("sts:AssumeRole"))]), withMfa);
        // Naming the account (root or bare id) delegates to the account's identity policies.
        foreach (var account in new[] { "arn:aws:iam::111122223333:root", Account })
        {
            var byAccount = Statements("trust", Allow("sts:AssumeRole", null!, null, $$"""{"AWS":"{{account}}"}"""));
            AssertDecision(Decision.ImplicitlyDenied, PolicyKind.IdentityBased, new PolicySet(resourcePolicy: byAccount), withMfa);
            AssertDecision(Decision.Allowed, null, new PolicySet([Statements("i", Allow("sts:AssumeRole", role))], resourcePolicy: byAccount), withMfa);
        }
        // Cross-account: trust naming the user ARN plus the caller's own identity policy.
        const string bob = "arn:aws:iam::444455556666:user/bob";
        var crossTrust = Statements("trust", Allow("sts:AssumeRole", null!, null, $$"""{"AWS":"{{bob}}"}"""));
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.IdentityBased, new PolicySet(resourcePolicy: crossTrust), Request(bob, "sts:AssumeRole", role));
        AssertDecision(Decision.Allowed, null, new PolicySet([Statements("i", Allow("sts:AssumeRole", role))], resourcePolicy: crossTrust),
            Request(bob, "sts:AssumeRole", role));
        // Services and external ids.
        var service = Statements("trust", Allow("sts:AssumeRole", null!, null, """{"Service":"ec2.amazonaws.com"}"""));
        AssertDecision(Decision.Allowed, null, new PolicySet(resourcePolicy: service), Request("ec2.amazonaws.com", "sts:AssumeRole", role));
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.RoleTrust, new PolicySet(resourcePolicy: service), Request(Alice, "sts:AssumeRole", role));
        var external = Statements("trust", Allow("sts:AssumeRole", null!, """{"StringEquals":{"sts:ExternalId":"xyz"}}""", "\"*\""));
        AssertDecision(Decision.Allowed, null, new PolicySet(resourcePolicy: external), Request(Alice, "sts:AssumeRole", role, ("sts:ExternalId", "xyz")));
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.RoleTrust, new PolicySet(resourcePolicy: external), Request(Alice, "sts:AssumeRole", role, ("sts:ExternalId", "abc")));
        // Role chaining: the trust policy names the caller's role.
        var chained = Statements("trust", Allow("sts:AssumeRole", null!, null, $$"""{"AWS":"{{OpsRole}}"}"""));
        AssertDecision(Decision.Allowed, null, new PolicySet(resourcePolicy: chained), Request(OpsSession, "sts:AssumeRole", role));
        var deny = Statements("trust", Allow("sts:AssumeRole", null!, null, "\"*\""), Deny("sts:AssumeRole", null!, null, $$"""{"AWS":"{{Alice}}"}"""));
        Assert.EndsWith("with an explicit deny in the role trust policy", Eval(new PolicySet(resourcePolicy: deny), withMfa).Message);
    }

    [Fact]
    public void KmsKeyPoliciesMustAllowLikeTrustPolicies()
    {
        const string key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var identity = Statements("i", Allow("kms:*"));
        // No key policy (or one naming someone else): identity policies alone do not reach the key.
        var r = Eval(new PolicySet([identity]), Request(Alice, "kms:Decrypt", key));
        Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
        Assert.EndsWith("because no resource-based policy allows the kms:Decrypt action", r.Message);
        var other = Statements("key", Allow("kms:*", "*", principal: """{"AWS":"arn:aws:iam::111122223333:user/bob"}"""));
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.ResourceBased, new PolicySet([identity], resourcePolicy: other), Request(Alice, "kms:Decrypt", key));
        // The default key policy names the account root: IAM policies decide.
        var root = Statements("key", Allow("kms:*", "*", principal: """{"AWS":"arn:aws:iam::111122223333:root"}"""));
        AssertDecision(Decision.Allowed, null, new PolicySet([identity], resourcePolicy: root), Request(Alice, "kms:Decrypt", key));
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.IdentityBased, new PolicySet(resourcePolicy: root), Request(Alice, "kms:Decrypt", key));
        // Naming the user grants on its own.
        var user = Statements("key", Allow("kms:*", "*", principal: $$"""{"AWS":"{{Alice}}"}"""));
        AssertDecision(Decision.Allowed, null, new PolicySet(resourcePolicy: user), Request(Alice, "kms:Decrypt", key));
    }

    [Fact]
    public void DerivedPrincipalKeys()
    {
        var session = RequestContext.Create(OpsSession, "s3:GetObject", Bucket);
        Assert.True(session.TryGetSingle("aws:PrincipalArn", out var arn));
        Assert.Equal(OpsRole, arn);
        Assert.True(session.TryGetSingle("aws:principalaccount", out var account));
        Assert.Equal(Account, account);
        Assert.True(session.TryGetSingle("aws:PrincipalType", out var type));
        Assert.Equal("AssumedRole", type);
        Assert.False(session.TryGetValues("aws:username", out _));
        var user = RequestContext.Create(Alice, "s3:GetObject", "arn:aws:sqs:us-east-1:444455556666:q");
        Assert.True(user.TryGetSingle("aws:username", out var name));
        Assert.Equal("alice", name);
        Assert.Equal("User", user.Keys["aws:PrincipalType"][0]);
        Assert.Equal(OtherAccount, user.ResourceAccount);
        Assert.True(user.IsCrossAccount);
        // Given keys win over derived ones.
        var given = RequestContext.Create(Alice, "s3:GetObject", Bucket, ("aws:username", "override"));
        Assert.Equal("override", given.Keys["aws:username"][0]);
        Assert.DoesNotContain("aws:username", given.DerivedKeys);
    }

    [Fact]
    public void RootUserOfTheAccount()
    {
        var root = Request("arn:aws:iam::111122223333:root", "s3:GetObject", Bucket);
        AssertDecision(Decision.Allowed, null, new PolicySet(), root);
        AssertDecision(Decision.ImplicitlyDenied, PolicyKind.ServiceControlPolicy, new PolicySet(serviceControlPolicies: [[Statements("x", Allow("ec2:*"))]]), root);
    }

    [Fact]
    public void ExplanationTracesConditionsWithSubstitutedValues()
    {
        var policy = Statements("abac", Allow("ssm:StartSession", "*", """{"StringEquals":{"aws:ResourceTag/Project":"${aws:PrincipalTag/Project}"}}"""));
        var r = Eval(new PolicySet([policy]), Request(OpsSession, "ssm:StartSession", "arn:aws:ssm:us-east-1:111122223333:managed-instance/mi-1",
            ("aws:ResourceTag/Project", "Blue"), ("aws:PrincipalTag/Project", "Red")));
        Assert.Equal(Decision.ImplicitlyDenied, r.Decision);
        var statement = Assert.Single(Assert.Single(r.Explanation!.Policies).Statements);
        Assert.True(statement.ActionMatched);
        Assert.True(statement.ResourceMatched);
        Assert.False(statement.Applies);
        var c = Assert.Single(statement.Conditions);
        Assert.Equal(["Blue"], c.ContextValues!);
        Assert.Equal(["Red"], c.PolicyValues);
        Assert.False(c.Result);
        var missing = Eval(new PolicySet([policy]), Request(OpsSession, "ssm:StartSession", "arn:aws:ssm:us-east-1:111122223333:managed-instance/mi-1"));
        var mc = missing.Explanation!.Policies[0].Statements[0].Conditions[0];
        Assert.Null(mc.ContextValues);
        Assert.Contains("absent", mc.Note);
    }
}

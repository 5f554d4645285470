using System.Text.Json.Nodes;

namespace Sekisho.Policy.Scenarios;

/// <summary>
/// The benchmark's workload: one team's real-looking policy set (the MFA-first group policy and the per-project
/// Session Manager policy of docs/scenarios.md, S3 home folders, EC2 by project tag; a permissions boundary; three
/// SCP levels) of 29 statements with conditions and variables, and requests against it by users and role sessions
/// that end in all three decisions.
/// </summary>
public static class RealisticScenarios
{
    private const string Account = "111122223333";

    private static JsonObject Doc(string json) => (JsonObject)JsonNode.Parse(json)!;

    public static JsonArray IdentityPolicies() =>
    [
        new JsonObject
        {
            ["name"] = "SessionManagerByProject",
            ["document"] = Doc("""
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"Documents","Effect":"Allow","Action":"ssm:StartSession","Resource":"arn:aws:ssm:*:*:document/*"},
                 {"Sid":"OwnProjectNodes","Effect":"Allow","Action":["ssm:StartSession","ssm:GetConnectionStatus"],"Resource":"*",
                  "Condition":{"StringEquals":{"aws:ResourceTag/Project":"${aws:PrincipalTag/Project}"}}},
                 {"Sid":"OwnSessions","Effect":"Allow","Action":["ssm:ResumeSession","ssm:TerminateSession"],
                  "Resource":"arn:aws:ssm:*:*:session/${aws:username}-*"},
                 {"Sid":"Describe","Effect":"Allow","Action":["ssm:DescribeInstanceInformation","ssm:DescribeSessions"],"Resource":"*"}]}
                """),
        },
        new JsonObject
        {
            ["name"] = "MfaFirst",
            ["document"] = Doc("""
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"AssumeAnyRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"},
                 {"Sid":"OwnAccessKeys","Effect":"Allow","Action":["iam:CreateAccessKey","iam:ListAccessKeys","iam:DeleteAccessKey","iam:UpdateAccessKey","iam:GetAccessKeyLastUsed"],
                  "Resource":"arn:aws:iam::111122223333:user/${aws:username}"},
                 {"Sid":"TagSelf","Effect":"Allow","Action":["iam:TagUser","iam:UntagUser"],"Resource":"arn:aws:iam::111122223333:user/${aws:username}",
                  "Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["Project","Owner"]}}},
                 {"Sid":"OwnMfaAndPassword","Effect":"Allow","Action":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:ResyncMFADevice","iam:ListMFADevices","iam:ChangePassword","iam:GetUser"],
                  "Resource":["arn:aws:iam::111122223333:mfa/${aws:username}*","arn:aws:iam::111122223333:user/${aws:username}*"]},
                 {"Sid":"NothingWithoutMfa","Effect":"Deny",
                  "NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken","iam:ChangePassword","iam:GetAccountPasswordPolicy"],
                  "Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}
                """),
        },
        new JsonObject
        {
            ["name"] = "S3HomeFolders",
            ["document"] = Doc("""
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"ListOwnAndShared","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::sekisho-team-data",
                  "Condition":{"StringLike":{"s3:prefix":["${aws:username}/*","shared/*"]}}},
                 {"Sid":"OwnFolder","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::sekisho-team-data/${aws:username}/*"},
                 {"Sid":"ProjectFolder","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::sekisho-team-data/${aws:PrincipalTag/Project}/*"},
                 {"Sid":"Shared","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::sekisho-team-data/shared/*"},
                 {"Sid":"OnlyOpsDeletes","Effect":"Deny","Action":"s3:DeleteObject","Resource":"*",
                  "Condition":{"StringNotEqualsIfExists":{"aws:PrincipalTag/Team":"ops"}}}]}
                """),
        },
        new JsonObject
        {
            ["name"] = "Ec2ByProject",
            ["document"] = Doc("""
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"StartStopOwnProject","Effect":"Allow","Action":["ec2:StartInstances","ec2:StopInstances","ec2:RebootInstances"],
                  "Resource":"arn:aws:ec2:*:111122223333:instance/*","Condition":{"StringEquals":{"aws:ResourceTag/Project":"${aws:PrincipalTag/Project}"}}},
                 {"Sid":"Describe","Effect":"Allow","Action":"ec2:Describe*","Resource":"*"},
                 {"Sid":"TagOnCreate","Effect":"Allow","Action":"ec2:CreateTags","Resource":"arn:aws:ec2:*:111122223333:instance/*",
                  "Condition":{"StringEquals":{"aws:RequestTag/Project":"${aws:PrincipalTag/Project}"},"ForAllValues:StringEquals":{"aws:TagKeys":["Project","Owner"]}}},
                 {"Sid":"TerminateWithFreshMfa","Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*",
                  "Condition":{"NumericGreaterThanIfExists":{"aws:MultiFactorAuthAge":"3600"}}},
                 {"Sid":"Terminate","Effect":"Allow","Action":"ec2:TerminateInstances","Resource":"arn:aws:ec2:*:111122223333:instance/*",
                  "Condition":{"StringEqualsIgnoreCase":{"aws:PrincipalTag/Team":"OPS"},"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}
                """),
        },
    ];

    public static JsonObject Boundary() => Doc("""
        {"Version":"2012-10-17","Statement":[
         {"Sid":"Ceiling","Effect":"Allow","Action":["ssm:*","s3:*","ec2:*","iam:*","sts:*"],"Resource":"*"},
         {"Sid":"NoRoleChanges","Effect":"Deny","Action":["iam:CreateRole","iam:PutRolePolicy","iam:AttachRolePolicy","iam:UpdateAssumeRolePolicy"],"Resource":"arn:aws:iam::111122223333:role/*"},
         {"Sid":"FromOfficeOrVpn","Effect":"Deny","NotAction":["iam:ChangePassword","sts:GetCallerIdentity"],"Resource":"*",
          "Condition":{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24","10.0.0.0/8","2001:db8::/32"]},"Bool":{"aws:ViaAWSService":"false"}}}]}
        """);

    public static JsonArray ServiceControlPolicies() =>
    [
        new JsonArray(
            ScenarioGenerator.FullAwsAccess(),
            Doc("""
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"TwoRegions","Effect":"Deny","NotAction":["iam:*","sts:*","organizations:*","s3:ListBucket"],"Resource":"*",
                  "Condition":{"StringNotEqualsIfExists":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}},
                 {"Sid":"KeepGuardrails","Effect":"Deny","Action":["organizations:LeaveOrganization","iam:DeleteAccountPasswordPolicy"],"Resource":"*"}]}
                """)),
        new JsonArray(
            ScenarioGenerator.FullAwsAccess(),
            Doc("""
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"NoRunAsRootTag","Effect":"Deny","Action":["iam:TagUser","iam:TagRole","sts:TagSession"],"Resource":"*",
                  "Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["SSMSessionRunAs"]}}},
                 {"Sid":"BusinessHours","Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*",
                  "Condition":{"DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}}]}
                """)),
        new JsonArray(ScenarioGenerator.FullAwsAccess()),
    ];

    private static JsonObject Request(string principal, string action, string resource, JsonObject context) => new()
    {
        ["principal"] = principal,
        ["action"] = action,
        ["resource"] = resource,
        ["context"] = context,
    };

    private static JsonObject Context(string? mfa, string project, string team, string ip, params (string Key, JsonNode Value)[] extra)
    {
        var c = new JsonObject
        {
            ["aws:PrincipalTag/Project"] = project,
            ["aws:PrincipalTag/Team"] = team,
            ["aws:SourceIp"] = ip,
            ["aws:RequestedRegion"] = "us-east-1",
            ["aws:CurrentTime"] = "2026-11-21T10:00:00Z",
            ["aws:SecureTransport"] = "true",
            ["aws:ViaAWSService"] = "false",
        };
        if (mfa is not null)
        {
            c["aws:MultiFactorAuthPresent"] = mfa;
            if (mfa == "true") c["aws:MultiFactorAuthAge"] = "600";
        }
        foreach (var (k, v) in extra) c[k] = v;
        return c;
    }

    /// <summary>The requests, each with the whole policy set (identity, boundary, SCPs) attached.</summary>
    public static IReadOnlyList<JsonObject> Create()
    {
        const string alice = $"arn:aws:iam::{Account}:user/alice";
        const string bob = $"arn:aws:iam::{Account}:user/bob";
        const string session = $"arn:aws:sts::{Account}:assumed-role/Ops/alice";
        const string node = $"arn:aws:ssm:us-east-1:{Account}:managed-instance/mi-0123456789abcdef0";
        const string instance = $"arn:aws:ec2:us-east-1:{Account}:instance/i-0abc1234def567890";
        var requests = new[]
        {
            Request(alice, "ssm:StartSession", node, Context("true", "Blue", "ops", "203.0.113.10", ("aws:ResourceTag/Project", "Blue"))),
            Request(bob, "ssm:StartSession", node, Context("true", "Red", "dev", "203.0.113.10", ("aws:ResourceTag/Project", "Blue"))),
            Request(alice, "ssm:StartSession", node, Context(null, "Blue", "ops", "203.0.113.10", ("aws:ResourceTag/Project", "Blue"))),
            Request(session, "ssm:StartSession", $"arn:aws:ssm:us-east-1:{Account}:document/SSM-SessionManagerRunShell", Context("true", "Blue", "ops", "10.1.2.3")),
            Request(alice, "ssm:TerminateSession", $"arn:aws:ssm:us-east-1:{Account}:session/alice-0a1b2c3d4e5f6a7b8", Context("true", "Blue", "ops", "2001:db8::5")),
            Request(bob, "ssm:TerminateSession", $"arn:aws:ssm:us-east-1:{Account}:session/alice-0a1b2c3d4e5f6a7b8", Context("true", "Red", "dev", "2001:db8::5")),
            Request(alice, "iam:CreateAccessKey", alice, Context("true", "Blue", "ops", "203.0.113.10")),
            Request(alice, "iam:CreateAccessKey", alice, Context("false", "Blue", "ops", "203.0.113.10")),
            Request(bob, "iam:CreateVirtualMFADevice", $"arn:aws:iam::{Account}:mfa/bob", Context(null, "Red", "dev", "203.0.113.10")),
            Request(bob, "iam:TagUser", bob, Context("true", "Red", "dev", "203.0.113.10", ("aws:TagKeys", new JsonArray("SSMSessionRunAs")), ("aws:RequestTag/SSMSessionRunAs", "root"))),
            Request(alice, "s3:GetObject", "arn:aws:s3:::sekisho-team-data/alice/notes.txt", Context("true", "Blue", "ops", "10.1.2.3", ("aws:ResourceAccount", Account))),
            Request(bob, "s3:GetObject", "arn:aws:s3:::sekisho-team-data/alice/notes.txt", Context("true", "Red", "dev", "10.1.2.3", ("aws:ResourceAccount", Account))),
            Request(bob, "s3:DeleteObject", "arn:aws:s3:::sekisho-team-data/bob/old.txt", Context("true", "Red", "dev", "10.1.2.3", ("aws:ResourceAccount", Account))),
            Request(session, "ec2:StopInstances", instance, Context("true", "Blue", "ops", "10.1.2.3", ("aws:ResourceTag/Project", "Blue"))),
            Request(session, "ec2:TerminateInstances", instance, Context("true", "Blue", "ops", "198.51.100.77", ("aws:ResourceTag/Project", "Blue"))),
            Request(session, "ec2:CreateTags", instance, Context("true", "Blue", "ops", "10.1.2.3", ("aws:RequestTag/Project", "Blue"), ("aws:TagKeys", new JsonArray("Project")))),
        };
        var scenarios = new List<JsonObject>(requests.Length);
        foreach (var request in requests)
        {
            scenarios.Add(new JsonObject
            {
                ["request"] = request,
                ["identityPolicies"] = IdentityPolicies(),
                ["resourcePolicy"] = null,
                ["permissionsBoundary"] = Boundary(),
                ["sessionPolicy"] = null,
                ["serviceControlPolicies"] = ServiceControlPolicies(),
                ["resourceControlPolicies"] = new JsonArray(),
            });
        }
        return scenarios;
    }
}

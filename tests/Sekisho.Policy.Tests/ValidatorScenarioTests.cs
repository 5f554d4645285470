using Sekisho.Policy.Validation;
using static Sekisho.Policy.Tests.ValidatorTestSupport;

namespace Sekisho.Policy.Tests;

/// <summary>The policies of scenarios 1 to 3 (docs/scenarios.md): sound ones get no warning, scenario 3's get theirs.</summary>
public sealed class ValidatorScenarioTests
{
    [Fact]
    public void Scenario1_mfa_self_service_policy_has_no_warnings()
    {
        const string json = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Sid": "AssumeAnyRole", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
                {"Sid": "ViewAccountInfo", "Effect": "Allow", "Action": ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"], "Resource": "*"},
                {"Sid": "OwnAccessKeys", "Effect": "Allow",
                 "Action": ["iam:CreateAccessKey", "iam:ListAccessKeys", "iam:DeleteAccessKey", "iam:UpdateAccessKey", "iam:GetAccessKeyLastUsed"],
                 "Resource": "arn:aws:iam::111122223333:user/${aws:username}"},
                {"Sid": "TagSelf", "Effect": "Allow", "Action": ["iam:TagUser", "iam:UntagUser", "iam:ListUserTags"],
                 "Resource": "arn:aws:iam::111122223333:user/${aws:username}"},
                {"Sid": "OwnMfaDevice", "Effect": "Allow", "Action": ["iam:CreateVirtualMFADevice", "iam:DeleteVirtualMFADevice"],
                 "Resource": "arn:aws:iam::111122223333:mfa/${aws:username}*"},
                {"Sid": "OwnMfaAndPassword", "Effect": "Allow",
                 "Action": ["iam:EnableMFADevice", "iam:DeactivateMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice", "iam:ChangePassword", "iam:GetUser"],
                 "Resource": "arn:aws:iam::111122223333:user/${aws:username}*"},
                {"Sid": "DenyAllExceptMfaSetupWithoutMfa", "Effect": "Deny",
                 "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices",
                               "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "iam:ChangePassword", "sts:GetSessionToken"],
                 "Resource": "*",
                 "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
              ]
            }
            """;
        Assert.Empty(Warnings(json));
    }

    [Fact]
    public void Scenario2_project_role_policy_has_no_warnings()
    {
        const string json = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": "ssm:StartSession", "Resource": "arn:aws:ssm:*:*:document/*"},
                {"Effect": "Allow", "Action": ["ssm:StartSession", "ssm:GetConnectionStatus"], "Resource": "*",
                 "Condition": {"StringEquals": {"aws:ResourceTag/Project": "${aws:PrincipalTag/Project}"}}},
                {"Effect": "Allow", "Action": ["ssm:ResumeSession", "ssm:TerminateSession"], "Resource": "arn:aws:ssm:*:*:session/${aws:username}-*"},
                {"Effect": "Allow", "Action": ["ssm:DescribeInstanceInformation", "ssm:DescribeSessions"], "Resource": "*"}
              ]
            }
            """;
        Assert.Empty(Warnings(json));
    }

    [Fact]
    public void Scenario2_trust_policy_requiring_mfa_has_no_warnings()
    {
        const string json = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:user/alice", "arn:aws:iam::444455556666:root"]},
                 "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}
              ]
            }
            """;
        Assert.Empty(Warnings(json));
    }

    [Fact]
    public void Federated_trust_policies_with_provider_keys_have_no_warnings()
    {
        const string json = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
                 "Action": "sts:AssumeRoleWithWebIdentity",
                 "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                               "StringLike": {"token.actions.githubusercontent.com:sub": "repo:example/sekisho:*"}}},
                {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"},
                 "Action": "sts:AssumeRoleWithWebIdentity",
                 "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub": "system:serviceaccount:default:app"}}},
                {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/Okta"},
                 "Action": "sts:AssumeRoleWithSAML", "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}
              ]
            }
            """;
        Assert.Empty(Warnings(json));
    }

    [Fact]
    public void Scenario3_ssh_document_only_policy_gets_the_document_warning()
    {
        const string json = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Sid": "SshDocumentOnly", "Effect": "Allow", "Action": "ssm:StartSession",
                 "Resource": "arn:aws:ssm:*:*:document/AWS-StartSSHSession"},
                {"Sid": "ProjectNodes", "Effect": "Allow", "Action": "ssm:StartSession",
                 "Resource": ["arn:aws:ssm:*:*:managed-instance/*", "arn:aws:ec2:*:*:instance/*"],
                 "Condition": {"StringEquals": {"ssm:resourceTag/Project": "${aws:PrincipalTag/Project}"}}},
                {"Sid": "TagSelf", "Effect": "Allow", "Action": "iam:TagUser", "Resource": "arn:aws:iam::*:user/${aws:username}"}
              ]
            }
            """;
        var w = Warnings(json);
        Assert.Equal([WarningCodes.SessionDocumentNotABoundary, WarningCodes.SelfTagging], w.Select(d => d.Code));
        AssertAt(w[0], json, "\"arn:aws:ssm:*:*:document/AWS-StartSSHSession\"");
        AssertAt(w[1], json, "\"iam:TagUser\"");
        Assert.Contains("SSMSessionRunAs", w[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseAndValidate_merges_errors_and_warnings_in_document_order()
    {
        const string json = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": "ssm:StartSesion", "Resource": "*"},
                {"Effect": "Permit", "Action": "ssm:StartSession", "Resource": "*"}
              ]
            }
            """;
        var result = PolicyValidator.ParseAndValidate(json);
        Assert.True(result.HasErrors);
        Assert.Equal([DiagnosticSeverity.Warning, DiagnosticSeverity.Error], result.Diagnostics.Select(d => d.Severity));
        Assert.Equal(WarningCodes.UnknownAction, result.Diagnostics[0].Code);
        Assert.Equal(5, result.Diagnostics[1].Line);
    }
}

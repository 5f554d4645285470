using Sekisho.Policy.Validation;
using static Sekisho.Policy.Tests.ValidatorTestSupport;

namespace Sekisho.Policy.Tests;

/// <summary>Warnings AWS does not give: each fires on the mistaken policy and not on the fixed one.</summary>
public sealed class ValidatorSekishoWarningTests
{
    // Scenario 3: "SSH only" meant as a boundary, with the nodes allowed beside the document.
    private const string SshOnly = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "SshOnly",
              "Effect": "Allow",
              "Action": "ssm:StartSession",
              "Resource": [
                "arn:aws:ec2:*:*:instance/*",
                "arn:aws:ssm:*:*:managed-instance/*",
                "arn:aws:ssm:*:*:document/AWS-StartSSHSession"
              ]CONDITION
            }
          ]
        }
        """;

    [Fact]
    public void Session_document_taken_for_a_boundary_is_reported_at_the_document()
    {
        var json = SshOnly.Replace("CONDITION", "", StringComparison.Ordinal);
        var w = Assert.Single(Warnings(json));
        Assert.Equal(WarningCodes.SessionDocumentNotABoundary, w.Code);
        AssertAt(w, json, "\"arn:aws:ssm:*:*:document/AWS-StartSSHSession\"");
        Assert.Contains("SSM-SessionManagerRunShell", w.Message, StringComparison.Ordinal);
        Assert.Contains("ssm:SessionDocumentAccessCheck", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_document_check_condition_fixes_it()
    {
        var json = SshOnly.Replace("CONDITION", """
            ,
                  "Condition": {"BoolIfExists": {"ssm:SessionDocumentAccessCheck": "true"}}
            """, StringComparison.Ordinal);
        Assert.Empty(Warnings(json));
    }

    [Fact]
    public void Documents_in_another_statement_than_the_nodes_are_reported_too()
    {
        const string json = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "ssm:StartSession", "Resource": "arn:aws:ssm:us-east-1:111122223333:document/AWS-StartPortForwardingSession"},
              {"Effect": "Allow", "Action": ["ssm:StartSession"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/Env": "dev"}}}
            ]}
            """;
        // "*" also names the default shell document, so nothing is restricted to begin with.
        Assert.Empty(Warnings(json));

        var nodesOnly = json.Replace("\"Resource\": \"*\"", "\"Resource\": \"arn:aws:ssm:*:*:managed-instance/*\"", StringComparison.Ordinal);
        var w = Assert.Single(Warnings(nodesOnly));
        Assert.Equal(WarningCodes.SessionDocumentNotABoundary, w.Code);
        AssertAt(w, nodesOnly, "\"arn:aws:ssm:us-east-1:111122223333:document/AWS-StartPortForwardingSession\"");
    }

    [Fact]
    public void All_documents_allowed_is_no_boundary_mistake()
    {
        const string json = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "ssm:StartSession", "Resource": ["arn:aws:ssm:*:*:document/*", "arn:aws:ssm:*:*:managed-instance/*"]}
            ]}
            """;
        Assert.Empty(Warnings(json));
    }

    [Fact]
    public void Access_check_must_be_on_every_statement_that_allows_start_session()
    {
        const string json = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "ssm:StartSession", "Resource": "arn:aws:ssm:*:*:document/AWS-StartSSHSession"},
              {"Effect": "Allow", "Action": "ssm:StartSession", "Resource": "arn:aws:ssm:*:*:managed-instance/*",
               "Condition": {"BoolIfExists": {"ssm:SessionDocumentAccessCheck": "true"}}}
            ]}
            """;
        var w = Assert.Single(Warnings(json));
        Assert.Equal(WarningCodes.SessionDocumentNotABoundary, w.Code);
        Assert.Contains("every statement that allows ssm:StartSession", w.Message, StringComparison.Ordinal);
        var both = json.Replace("document/AWS-StartSSHSession\"}",
            "document/AWS-StartSSHSession\", \"Condition\": {\"BoolIfExists\": {\"ssm:SessionDocumentAccessCheck\": \"true\"}}}", StringComparison.Ordinal);
        Assert.Empty(Warnings(both));
    }

    [Fact]
    public void Deny_on_the_default_shell_document_is_reported_and_a_deny_on_nodes_is_not()
    {
        const string json = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "ssm:StartSession", "Resource": ["arn:aws:ssm:*:*:managed-instance/*", "arn:aws:ssm:*:*:document/*"]},
              {"Effect": "Deny", "Action": "ssm:StartSession", "Resource": "arn:aws:ssm:*:*:document/SSM-SessionManagerRunShell"}
            ]}
            """;
        var w = Assert.Single(Warnings(json));
        Assert.Equal(WarningCodes.SessionDocumentNotABoundary, w.Code);
        AssertAt(w, json, "\"arn:aws:ssm:*:*:document/SSM-SessionManagerRunShell\"");
        Assert.Contains("does not stop default shell sessions", w.Message, StringComparison.Ordinal);

        var onNodes = json.Replace("arn:aws:ssm:*:*:document/SSM-SessionManagerRunShell", "arn:aws:ssm:*:*:managed-instance/mi-0prod*", StringComparison.Ordinal);
        Assert.Empty(Warnings(onNodes));
    }

    private const string SelfTag = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "ProjectNodes",
              "Effect": "Allow",
              "Action": ["ssm:StartSession"],
              "Resource": "*",
              "Condition": {"StringEquals": {"aws:ResourceTag/Project": "${aws:PrincipalTag/Project}"}}
            },
            {
              "Sid": "TagMyself",
              "Effect": "Allow",
              "Action": ["iam:TagUser", "iam:UntagUser", "iam:ListUserTags"],
              "Resource": "arn:aws:iam::*:user/${aws:username}"FIX
            }
          ]
        }
        """;

    [Fact]
    public void Self_tagging_while_tags_decide_access_is_reported()
    {
        var json = SelfTag.Replace("FIX", "", StringComparison.Ordinal);
        var w = Assert.Single(Warnings(json));
        Assert.Equal(WarningCodes.SelfTagging, w.Code);
        AssertAt(w, json, "\"iam:TagUser\"");
        Assert.Contains("Project", w.Message, StringComparison.Ordinal);
        Assert.Contains("SSMSessionRunAs", w.Message, StringComparison.Ordinal);
        Assert.Contains("aws:TagKeys", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_tagging_limited_to_harmless_keys_passes()
    {
        var json = SelfTag.Replace("FIX", """
            ,
                  "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["CostCenter", "Email"]}}
            """, StringComparison.Ordinal);
        Assert.Empty(Warnings(json));
    }

    [Fact]
    public void Self_tagging_with_a_deny_on_the_sensitive_keys_passes_and_a_partial_deny_does_not()
    {
        string WithDeny(string keys) => SelfTag.Replace("FIX", "", StringComparison.Ordinal).Replace("""
                  "Resource": "arn:aws:iam::*:user/${aws:username}"
                }
            """, """
                  "Resource": "arn:aws:iam::*:user/${aws:username}"
                },
                {"Effect": "Deny", "Action": "iam:TagUser", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": [KEYS]}}}
            """.Replace("KEYS", keys, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(Warnings(WithDeny("\"Project\", \"SSMSessionRunAs\"")));
        var w = Assert.Single(Warnings(WithDeny("\"Project\"")));
        Assert.Equal(WarningCodes.SelfTagging, w.Code);
        Assert.Contains("SSMSessionRunAs", w.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tag keys Project", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_tagging_of_own_role_via_run_as_is_reported()
    {
        const string json = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iam:TagRole", "Resource": "arn:aws:iam::111122223333:role/project-*",
               "Condition": {"StringLike": {"aws:RequestTag/Team": "*"}}},
              {"Effect": "Allow", "Action": "ssm:StartSession", "Resource": "arn:aws:ssm:*:*:managed-instance/*"},
              {"Effect": "Allow", "Action": "ssm:StartSession", "Resource": "arn:aws:ssm:*:*:document/*"}
            ]}
            """;
        var w = Assert.Single(Warnings(json));
        Assert.Equal(WarningCodes.SelfTagging, w.Code);
        AssertAt(w, json, "\"iam:TagRole\"");
        Assert.Contains("SSMSessionRunAs", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tagging_a_named_other_user_or_without_tag_based_access_passes()
    {
        const string named = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "iam:TagUser", "Resource": "arn:aws:iam::111122223333:user/build-bot"},
              {"Effect": "Allow", "Action": "ssm:StartSession", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/Project": "${aws:PrincipalTag/Project}"}}}
            ]}
            """;
        Assert.Empty(Warnings(named));
        const string noTags = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["iam:TagUser", "iam:UntagUser"], "Resource": "arn:aws:iam::*:user/${aws:username}"}
            ]}
            """;
        Assert.Empty(Warnings(noTags));
    }

    [Fact]
    public void Bool_false_on_mfa_in_a_deny_is_reported_and_BoolIfExists_passes()
    {
        const string json = """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "DenyWithoutMfa", "Effect": "Deny", "NotAction": ["iam:ChangePassword", "iam:EnableMFADevice"], "Resource": "*",
               "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
            ]}
            """;
        var w = Assert.Single(Warnings(json));
        Assert.Equal(WarningCodes.MfaDenyMissesAccessKeys, w.Code);
        AssertAt(w, json, "\"Bool\"");
        Assert.Contains("long-term access keys", w.Message, StringComparison.Ordinal);
        Assert.Contains("BoolIfExists", w.Message, StringComparison.Ordinal);

        Assert.Empty(Warnings(json.Replace("\"Bool\"", "\"BoolIfExists\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void BoolIfExists_true_on_mfa_in_an_allow_is_reported_and_Bool_passes()
    {
        const string json = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "ssm:StartSession", "Resource": "*",
               "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}
            ]}
            """;
        var w = Assert.Single(Warnings(json));
        Assert.Equal(WarningCodes.MfaAllowAdmitsAccessKeys, w.Code);
        AssertAt(w, json, "\"BoolIfExists\"");
        Assert.Empty(Warnings(json.Replace("\"BoolIfExists\"", "\"Bool\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void Negated_elements_in_an_allow_are_reported_and_in_a_deny_pass()
    {
        const string json = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
              {"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"},
              {"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/mallory"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
            ]}
            """;
        var w = Warnings(json);
        Assert.Equal([WarningCodes.AllowWithNotAction, WarningCodes.AllowWithNotResource, WarningCodes.AllowWithNotPrincipal], w.Select(d => d.Code));
        AssertAt(w[0], json, "\"NotAction\"");
        AssertAt(w[1], json, "\"NotResource\"");
        AssertAt(w[2], json, "\"NotPrincipal\"");

        var deny = json.Replace("\"Allow\"", "\"Deny\"", StringComparison.Ordinal);
        Assert.Empty(Warnings(deny));
    }
}

using Sekisho.Policy.Validation;
using static Sekisho.Policy.Tests.ValidatorTestSupport;

namespace Sekisho.Policy.Tests;

/// <summary>The warnings that come from the AWS service catalogue: actions, resources, condition keys.</summary>
public sealed class ValidatorCatalogWarningTests
{
    private static string Policy(string statements) => $$"""
        {
          "Version": "2012-10-17",
          "Statement": [
            {{statements}}
          ]
        }
        """;

    [Fact]
    public void Unknown_service_and_action_are_reported_where_written()
    {
        var json = Policy("""
            {"Effect": "Allow", "Action": ["ssm:StartSesion", "ssmm:GetDocument", "ssm:Foo*", "s?m:Bar*"], "Resource": "*"}
            """);
        var w = Warnings(json);
        var unknownAction = w.WithCode(WarningCodes.UnknownAction);
        Assert.Equal(3, unknownAction.Count);
        AssertAt(unknownAction[0], json, "\"ssm:StartSesion\"");
        Assert.Contains("did you mean 'ssm:StartSession'", unknownAction[0].Message, StringComparison.Ordinal);
        AssertAt(unknownAction[1], json, "\"ssm:Foo*\"");
        AssertAt(unknownAction[2], json, "\"s?m:Bar*\"");
        var unknownService = Assert.Single(w.WithCode(WarningCodes.UnknownService));
        AssertAt(unknownService, json, "\"ssmm:GetDocument\"");
        Assert.Contains("did you mean 'ssm'", unknownService.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Known_actions_and_patterns_pass()
    {
        var json = Policy("""
            {"Effect": "Allow", "Action": ["ssm:StartSession", "SSM:describe*", "s3:Get?bject", "*", "ec2:*", "s?m:StartSession"], "Resource": "*"}
            """);
        Assert.Empty(Warnings(json));
    }

    [Fact]
    public void Resource_of_another_type_is_reported()
    {
        var json = Policy("""
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]},
                {"Effect": "Allow", "Action": ["ssm:ResumeSession", "ssm:TerminateSession"], "Resource": "arn:aws:ssm:*:*:sesion/${aws:username}-*"}
            """);
        var w = Warnings(json).WithCode(WarningCodes.ResourceMatchesNoAction);
        Assert.Equal(2, w.Count);
        AssertAt(w[0], json, "\"arn:aws:s3:::reports\"");
        Assert.Contains("object arn:${Partition}:s3:::${BucketName}/${ObjectName}", w[0].Message, StringComparison.Ordinal);
        AssertAt(w[1], json, "\"arn:aws:ssm:*:*:sesion/${aws:username}-*\"");
    }

    [Fact]
    public void Resources_with_wildcards_and_variables_that_fit_pass()
    {
        var json = Policy("""
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::reports/${aws:username}/*", "arn:*:s3:::*"]},
                {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports"},
                {"Effect": "Allow", "Action": ["ssm:ResumeSession", "ssm:TerminateSession"], "Resource": "arn:aws:ssm:*:*:session/${aws:username}-*"},
                {"Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:ListAccessKeys"], "Resource": "arn:aws:iam::*:user/${aws:username}"},
                {"Effect": "Allow", "Action": "ssm:DescribeSessions", "Resource": "*"},
                {"Effect": "Allow", "Action": "ssm:*", "Resource": ["arn:aws:ssm:*:*:document/*", "arn:aws:ec2:*:*:instance/*"]}
            """);
        Assert.Empty(Warnings(json));
    }

    [Fact]
    public void Action_that_takes_only_star_given_an_arn_is_reported()
    {
        var json = Policy("""
            {"Effect": "Allow", "Action": ["ssm:DescribeSessions", "ssm:ResumeSession"], "Resource": "arn:aws:ssm:*:*:session/${aws:username}-*"}
            """);
        var w = Assert.Single(Warnings(json));
        Assert.Equal(WarningCodes.ActionMatchesNoResource, w.Code);
        AssertAt(w, json, "\"ssm:DescribeSessions\"");
        Assert.Contains("only \"*\"", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Condition_key_no_action_supports_is_reported()
    {
        var json = Policy("""
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"ssm:DocumentType": "Command"}}}
            """);
        var w = Assert.Single(Warnings(json));
        Assert.Equal(WarningCodes.UnsupportedConditionKey, w.Code);
        AssertAt(w, json, "\"ssm:DocumentType\"");
        Assert.Contains("s3:GetObject", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_condition_key_is_reported()
    {
        var json = Policy("""
            {"Effect": "Allow", "Action": "ssm:StartSession", "Resource": "*", "Condition": {"Bool": {"ssm:SessionDocumentAcessCheck": "true", "aws:MultiFactorAuthPresnt": "true"}}}
            """);
        var w = Warnings(json).WithCode(WarningCodes.UnknownConditionKey);
        Assert.Equal(2, w.Count);
        AssertAt(w[0], json, "\"ssm:SessionDocumentAcessCheck\"");
        AssertAt(w[1], json, "\"aws:MultiFactorAuthPresnt\"");
    }

    [Fact]
    public void Supported_service_keys_tag_templates_and_global_keys_pass()
    {
        var json = Policy("""
            {"Effect": "Allow", "Action": ["ssm:StartSession", "ssm:GetConnectionStatus"], "Resource": "*",
                 "Condition": {"StringEquals": {"aws:ResourceTag/Project": "${aws:PrincipalTag/Project}", "ssm:resourceTag/Env": "dev",
                                                "aws:PrincipalTag/Team": "ops", "aws:username": "alice"},
                               "BoolIfExists": {"ssm:SessionDocumentAccessCheck": "true"}}},
                {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringLike": {"s3:prefix": "home/${aws:username}/*"}}},
                {"Effect": "Allow", "Action": "sts:AssumeRoleWithSAML", "Resource": "*", "Condition": {"StringEquals": {"saml:aud": "https://signin.aws.amazon.com/saml"}}},
                {"Effect": "Allow", "Action": "iam:TagUser", "Resource": "arn:aws:iam::*:user/team/*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["CostCenter"]}}}
            """);
        Assert.Empty(Warnings(json));
    }

    [Fact]
    public void NotAction_statements_get_no_resource_or_key_support_warnings()
    {
        var json = Policy("""
            {"Effect": "Deny", "NotAction": ["iam:ChangePassword"], "Resource": "arn:aws:s3:::x", "Condition": {"StringEquals": {"ssm:DocumentType": "x"}}}
            """);
        Assert.Empty(Warnings(json));
    }
}

using Sekisho.Policy.Catalog;

namespace Sekisho.Policy.Tests;

public sealed class CatalogGlobTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("Start*", "StartSession", true)]
    [InlineData("start*", "StartSession", true)]
    [InlineData("?etObject", "GetObject", true)]
    [InlineData("*Session", "StartSession", true)]
    [InlineData("S*S*n", "StartSession", true)]
    [InlineData("S*x", "StartSession", false)]
    [InlineData("?", "", false)]
    [InlineData("Get", "GetObject", false)]
    public void Matches_text(string pattern, string text, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, text, ignoreCase: true));

    [Fact]
    public void Match_can_be_case_sensitive() => Assert.False(Glob.IsMatch("document/*", "Document/x", ignoreCase: false));

    [Theory]
    [InlineData("arn:aws:ssm:*:*:document/*", "arn:*:ssm:*:*:document/*", true)]
    [InlineData("arn:aws:ssm:*:*:document/AWS-StartSSHSession", "arn:*:ssm:*:*:document/*", true)]
    [InlineData("*", "arn:*:s3:::*", true)]
    [InlineData("arn:aws:s3:::b", "arn:*:s3:::*/*", false)]
    [InlineData("arn:aws:s3:::b*", "arn:*:s3:::*/*", true)]
    [InlineData("a?c", "*b*", true)]
    [InlineData("abc", "ab", false)]
    [InlineData("", "", true)]
    [InlineData("", "*", true)]
    [InlineData("", "?", false)]
    public void Finds_whether_two_patterns_share_a_string(string a, string b, bool expected)
    {
        Assert.Equal(expected, Glob.Intersects(a, b, ignoreCase: false));
        Assert.Equal(expected, Glob.Intersects(b, a, ignoreCase: false));
    }

    [Theory]
    [InlineData("arn:aws:ssm:*:*:document/*", "arn:*:ssm:*:*:managed-instance/*", false)]
    [InlineData("arn:aws:ssm:*:*:document/*", "arn:*:ssm:*:*:session/*", false)]
    [InlineData("arn:aws:ssm:*:*:document/*", "arn:*:ssm:*:*:document/*", true)]
    [InlineData("arn:aws:ec2:*:*:instance/*", "arn:*:ssm:*:*:managed-instance/*", false)]
    [InlineData("arn:aws:s3:::bucket/a:b", "arn:*:s3:::*/*", true)]
    [InlineData("arn:aws:iam::*:user/*", "arn:*:iam::*:role/*", false)]
    [InlineData("*", "arn:*:iam::*:role/*", true)]
    [InlineData("arn:aws:s*", "arn:*:s3:::*", true)]
    public void Compares_arns_part_by_part(string a, string b, bool expected)
    {
        Assert.Equal(expected, ArnGlob.Intersects(a, b));
        Assert.Equal(expected, ArnGlob.Intersects(b, a));
    }

    [Theory]
    [InlineData("arn:${Partition}:iam::${Account}:user/${UserNameWithPath}", "arn:*:iam::*:user/*")]
    [InlineData("arn:aws:iam::*:user/${aws:username}", "arn:aws:iam::*:user/*")]
    [InlineData("arn:aws:s3:::b/${*}/x", "arn:aws:s3:::b/?/x")]
    [InlineData("no variables", "no variables")]
    [InlineData("unclosed ${x", "unclosed ${x")]
    public void Turns_templates_into_patterns(string template, string expected) =>
        Assert.Equal(expected, TemplatePattern.ToGlob(template));

    [Theory]
    [InlineData("aws:ResourceTag/${TagKey}", "aws:resourcetag/Project", true)]
    [InlineData("aws:ResourceTag/${TagKey}", "aws:ResourceTag/", false)]
    [InlineData("aws:ResourceTag/${TagKey}", "aws:RequestTag/Project", false)]
    [InlineData("ssm:SessionDocumentAccessCheck", "SSM:SESSIONDOCUMENTACCESSCHECK", true)]
    [InlineData("ssm:SessionDocumentAccessCheck", "ssm:SessionDocument", false)]
    public void Condition_keys_match_names_and_templates(string catalogKey, string policyKey, bool expected) =>
        Assert.Equal(expected, new IamConditionKey(catalogKey).Matches(policyKey));
}

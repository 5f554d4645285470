using Sekisho.Policy;
using Sekisho.Server.Organization;
using Sekisho.Server.Storage.Sqlite;

namespace Sekisho.Server.Tests.Core;

public sealed class OrganizationTests : IAsyncLifetime
{
    private const string Management = "111122223333";
    private const string Member = "444455556666";
    private TempSqliteStore _temp = null!;
    private SqliteStore _store = null!;
    private OrganizationService _org = null!;

    public async Task InitializeAsync()
    {
        _temp = await TempSqliteStore.OpenAsync("org");
        _store = _temp.Store;
        _org = new OrganizationService(_store, TimeProvider.System);
        await _org.CreateAsync(Management, "management");
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    private static Decision Decide(CompiledPolicy[][] scps, string account, string action) =>
        PolicyEvaluator.Decide(
            new PolicySet([CompiledPolicy.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", "admin")],
                serviceControlPolicies: scps),
            RequestContext.Create($"arn:aws:iam::{account}:user/alice", action, "*"));

    [Fact]
    public async Task Levels_run_from_the_root_through_nested_OUs_to_the_account_and_each_must_allow()
    {
        var prod = await _org.CreateOrganizationalUnitAsync("prod", null);
        var eu = await _org.CreateOrganizationalUnitAsync("eu", "prod");
        await _org.CreateAccountAsync("member", Member, eu.Id);
        var levels = await _org.ServiceControlPoliciesAsync(Member, default);
        Assert.Equal(4, levels.Length);
        Assert.All(levels, level => Assert.Equal("FullAWSAccess", Assert.Single(level).Name));
        Assert.Equal(Decision.Allowed, Decide(levels, Member, "ssm:StartSession"));

        // An OU level that only allows SSM: detach FullAWSAccess from "eu" and attach the narrower policy.
        await _org.PutPolicyAsync("OnlySsm", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:*","Resource":"*"}]}""");
        await _org.AttachPolicyAsync("OnlySsm", "eu");
        await _org.DetachPolicyAsync("FullAWSAccess", eu.Id);
        levels = await _org.ServiceControlPoliciesAsync(Member, default);
        Assert.Equal(Decision.Allowed, Decide(levels, Member, "ssm:StartSession"));
        Assert.Equal(Decision.ImplicitlyDenied, Decide(levels, Member, "iam:ListUsers"));
        var result = PolicyEvaluator.Evaluate(new PolicySet(
            [CompiledPolicy.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", "admin")],
            serviceControlPolicies: levels), RequestContext.Create($"arn:aws:iam::{Member}:user/alice", "iam:ListUsers", "*"));
        Assert.EndsWith("with an explicit deny in a service control policy", result.Message, StringComparison.Ordinal);

        // A deny at the root reaches every member account.
        await _org.PutPolicyAsync("NoKms", """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"kms:*","Resource":"*"}]}""");
        await _org.AttachPolicyAsync("NoKms", "root");
        Assert.Equal(Decision.ExplicitlyDenied, Decide(await _org.ServiceControlPoliciesAsync(Member, default), Member, "kms:Decrypt"));
        Assert.NotEqual(prod.Id, eu.Id);
    }

    [Fact]
    public async Task The_management_account_and_outsiders_get_no_SCPs()
    {
        await _org.PutPolicyAsync("NoIam", """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}""");
        await _org.AttachPolicyAsync("NoIam", "root");
        Assert.Empty(await _org.ServiceControlPoliciesAsync(Management, default));
        Assert.Empty(await _org.ServiceControlPoliciesAsync("999999999999", default));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_reason()
    {
        await Assert.ThrowsAsync<OrganizationException>(() => _org.CreateAsync(Management, "again"));
        var e = await Assert.ThrowsAsync<OrganizationException>(() => _org.CreateAccountAsync("x", "12345", null));
        Assert.Contains("12 digits", e.Message, StringComparison.Ordinal);
        e = await Assert.ThrowsAsync<OrganizationException>(() => _org.PutPolicyAsync("Bad", """{"Statement":[{"Effect":"Maybe"}]}"""));
        Assert.Contains("does not parse", e.Message, StringComparison.Ordinal);
        e = await Assert.ThrowsAsync<OrganizationException>(() => _org.PutPolicyAsync("FullAWSAccess", """{"Version":"2012-10-17","Statement":[]}"""));
        Assert.Contains("AWS managed", e.Message, StringComparison.Ordinal);
        e = await Assert.ThrowsAsync<OrganizationException>(() => _org.AttachPolicyAsync("FullAWSAccess", "ou-none"));
        Assert.Contains("no OU", e.Message, StringComparison.Ordinal);
        await _org.CreateAccountAsync("m", Member, null);
        await Assert.ThrowsAsync<OrganizationException>(() => _org.CreateAccountAsync("m2", Member, null));
    }
}

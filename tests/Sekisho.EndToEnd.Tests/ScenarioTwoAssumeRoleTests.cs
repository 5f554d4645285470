using System.Security.Cryptography;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Sekisho.Protocol.Signing;
using Sekisho.TestSupport;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// The assume-role half of scenario 2 of docs/scenarios.md ("Each project reaches only its own servers"): roles
/// tagged <c>Project</c> and <c>SSMSessionRunAs</c> whose trust policies name a user of the same account (by
/// user name) or of a second account of the organization (by ARN), only with MFA. Driven with
/// AWSSDK.SecurityToken and with the AWS CLI v2 through a profile with <c>role_arn</c>, <c>source_profile</c>
/// and <c>mfa_serial</c>, the code typed at the CLI's prompt. TOTP codes are computed here.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ScenarioTwoAssumeRoleTests(ServerProcess server)
{
    private const string MaySelfAssume = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""";

    private readonly IamQuery _iam = new(new SignedClient(server));
    private readonly AwsCli _aws = new(server);
    private readonly string _suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();

    private SigV4Credentials Admin => new(server.AdminKeyId, server.AdminSecret);

    private static string Account => ServerProcess.AccountId;

    /// <summary>The scenario's permissions, plus iam:TagUser allowed only with the caller's own Project tag as the request tag.</summary>
    private static string ProjectPermissions => $$$$"""
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "Documents", "Effect": "Allow", "Action": "ssm:StartSession", "Resource": "arn:aws:ssm:*:*:document/*"},
        {"Sid": "OwnProjectNodes", "Effect": "Allow", "Action": ["ssm:StartSession", "ssm:GetConnectionStatus"], "Resource": "*",
         "Condition": {"StringEquals": {"aws:ResourceTag/Project": "${aws:PrincipalTag/Project}"}}},
        {"Sid": "OwnSessions", "Effect": "Allow", "Action": ["ssm:ResumeSession", "ssm:TerminateSession"],
         "Resource": "arn:aws:ssm:*:*:session/${aws:username}-*"},
        {"Sid": "Describe", "Effect": "Allow", "Action": ["ssm:DescribeInstanceInformation", "ssm:DescribeSessions"], "Resource": "*"},
        {"Sid": "TagWithOwnProject", "Effect": "Allow", "Action": "iam:TagUser", "Resource": "arn:aws:iam::{{{{Account}}}}:user/*",
         "Condition": {"StringEquals": {"aws:RequestTag/Project": "${aws:PrincipalTag/Project}"}}}
      ]
    }
    """;

    [Fact]
    public async Task SameAccountUserNamedInTheTrustPolicy_AssumesTheProjectRoleOnlyWithMfa_AndTheRoleTagsArePrincipalTags()
    {
        var sdkUser = await MfaUser.CreateAsync(_iam, Admin, Account, "p1-sdk-" + _suffix, MaySelfAssume);
        var cliUser = await MfaUser.CreateAsync(_iam, Admin, Account, "p1-cli-" + _suffix, MaySelfAssume);
        var other = await MfaUser.CreateAsync(_iam, Admin, Account, "p1-other-" + _suffix, MaySelfAssume);
        var target = "p1-target-" + _suffix;
        await _iam.IamAsync(Admin, "CreateUser", ("UserName", target));
        // The account as principal, the users by name: the account delegates to its users' own policies, and the
        // condition narrows it to two of them, with MFA.
        var trust = $$$$"""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::{{{{Account}}}}:root"}, "Action": "sts:AssumeRole",
          "Condition": {"StringEquals": {"aws:username": ["{{{{sdkUser.UserName}}}}", "{{{{cliUser.UserName}}}}"]}, "Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}
        """;
        var roleArn = await CreateProjectRoleAsync("Project1-" + _suffix, trust, "Test Project 1", "os-user1");

        // AWSSDK.SecurityToken: without MFA the trust policy does not allow it.
        using (var noMfa = Sts(sdkUser.Key))
        {
            var denied = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
                noMfa.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "no-mfa" }));
            Assert.Equal("AccessDenied", denied.ErrorCode);
            Assert.StartsWith($"User: {sdkUser.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", denied.Message);
        }
        // A user of the account that the condition does not name is refused even with MFA.
        using (var notNamed = Sts(other.Key))
        {
            var denied = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => notNamed.AssumeRoleAsync(new AssumeRoleRequest
            {
                RoleArn = roleArn, RoleSessionName = "not-named", SerialNumber = other.Serial, TokenCode = other.NextCode(),
            }));
            Assert.Equal("AccessDenied", denied.ErrorCode);
            Assert.StartsWith($"User: {other.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", denied.Message);
        }

        // With MFA: allowed; the session speaks as the assumed role.
        SigV4Credentials session;
        using (var withMfa = Sts(sdkUser.Key))
        {
            var assumed = await withMfa.AssumeRoleAsync(new AssumeRoleRequest
            {
                RoleArn = roleArn, RoleSessionName = "with-mfa", SerialNumber = sdkUser.Serial, TokenCode = sdkUser.NextCode(), DurationSeconds = 900,
            });
            Assert.Equal($"arn:aws:sts::{Account}:assumed-role/Project1-{_suffix}/with-mfa", assumed.AssumedRoleUser.Arn);
            session = new SigV4Credentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken);
        }
        var who = await _iam.StsAsync(session, "GetCallerIdentity");
        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/Project1-{_suffix}/with-mfa", who.Value("Arn"));

        // The role's tags are the session's aws:PrincipalTag/*: tagging with the session's own Project is allowed,
        // with another Project denied, and the denial's context shows the principal tags.
        await _iam.IamAsync(session, "TagUser", [("UserName", target), .. IamQuery.Tags(("Project", "Test Project 1"))]);
        var refused = await _iam.TryIamAsync(session, "TagUser", [("UserName", target), .. IamQuery.Tags(("Project", "Test Project 2"))]);
        Assert.Equal(403, refused.Status);
        Assert.Equal("AccessDenied", refused.Code);
        var context = await DecodedContextAsync(refused.Value("Message"));
        var conditions = context.GetProperty("conditions");
        Assert.Equal(["Test Project 1"], Values(conditions, "aws:PrincipalTag/Project"));
        Assert.Equal(["os-user1"], Values(conditions, "aws:PrincipalTag/SSMSessionRunAs"));
        Assert.Equal(["Test Project 2"], Values(conditions, "aws:RequestTag/Project"));
        var tags = await _iam.IamAsync(Admin, "ListUserTags", ("UserName", target));
        Assert.Equal(["Test Project 1"], tags.Values("Value"));

        // The AWS CLI v2 with a profile: it prompts for the MFA code, assumes the role, and caches the session.
        var home = Directory.CreateTempSubdirectory("sekisho-aws-profile-").FullName;
        try
        {
            await WriteProfileAsync(home, cliUser, roleArn, "cli-" + _suffix);
            var identity = await _aws.RunInHomeAsync(home, cliUser.NextCode() + "\n", "--profile", "project", "sts", "get-caller-identity");
            Assert.True(identity.ExitCode == 0, identity.Stderr);
            Assert.Contains("Enter MFA code for " + cliUser.Serial, identity.Stderr);
            using var json = JsonDocument.Parse(identity.Stdout);
            Assert.Equal($"arn:aws:sts::{Account}:assumed-role/Project1-{_suffix}/cli-{_suffix}", json.RootElement.GetProperty("Arn").GetString());
            Assert.Equal(Account, json.RootElement.GetProperty("Account").GetString());

            // From the CLI's cache (no second prompt, nothing on stdin): the same PrincipalTag rule.
            var allowed = await _aws.RunInHomeAsync(home, null, "--profile", "project", "iam", "tag-user", "--user-name", target,
                "--tags", "Key=Project,Value=Test Project 1", "Key=Owner,Value=cli");
            Assert.True(allowed.ExitCode == 0, allowed.Stderr);
            var denied = await _aws.RunInHomeAsync(home, null, "--profile", "project", "iam", "tag-user", "--user-name", target,
                "--tags", "Key=Project,Value=Test Project 2");
            Assert.NotEqual(0, denied.ExitCode);
            Assert.Contains("AccessDenied", denied.Stderr);
            Assert.Contains($"arn:aws:sts::{Account}:assumed-role/Project1-{_suffix}/cli-{_suffix} is not authorized to perform: iam:TagUser", denied.Stderr);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task UserOfASecondAccountNamedByArn_AssumesTheProjectRoleOnlyWithMfa_AndAnotherUserOfThatAccountIsRefused()
    {
        // A second account of the organization, reached through the role AWS Organizations creates in it.
        var second = "2" + string.Concat(Enumerable.Range(0, 11).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));
        var created = await CliRunner.RunSekishoAsync(["org", "create-account", "--data", server.DataPath, "--name", "projects-" + _suffix, "--account-id", second]);
        Assert.True(created.ExitCode == 0, created.Stderr);
        SigV4Credentials secondAdmin;
        using (var admin = Sts(Admin))
        {
            var assumed = await admin.AssumeRoleAsync(new AssumeRoleRequest
            {
                RoleArn = $"arn:aws:iam::{second}:role/OrganizationAccountAccessRole", RoleSessionName = "setup", DurationSeconds = 900,
            });
            secondAdmin = new SigV4Credentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken);
        }
        var named = await MfaUser.CreateAsync(_iam, secondAdmin, second, "dev-named", MaySelfAssume);
        var notNamed = await MfaUser.CreateAsync(_iam, secondAdmin, second, "dev-other", MaySelfAssume);

        var trust = $$$$"""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "{{{{named.Arn}}}}"}, "Action": "sts:AssumeRole",
          "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}
        """;
        var roleName = "Project2-" + _suffix;
        var roleArn = await CreateProjectRoleAsync(roleName, trust, "Test Project 2", "os-user2");

        using (var noMfa = Sts(named.Key))
        {
            var denied = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
                noMfa.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "no-mfa" }));
            Assert.Equal("AccessDenied", denied.ErrorCode);
            Assert.StartsWith($"User: {named.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", denied.Message);
        }
        using (var other = Sts(notNamed.Key))
        {
            var denied = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => other.AssumeRoleAsync(new AssumeRoleRequest
            {
                RoleArn = roleArn, RoleSessionName = "other", SerialNumber = notNamed.Serial, TokenCode = notNamed.NextCode(),
            }));
            Assert.Equal("AccessDenied", denied.ErrorCode);
            Assert.StartsWith($"User: {notNamed.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", denied.Message);
        }

        // The named user, from the CLI with MFA: a session of the first account's role.
        var home = Directory.CreateTempSubdirectory("sekisho-aws-profile-").FullName;
        try
        {
            await WriteProfileAsync(home, named, roleArn, "x-" + _suffix);
            var identity = await _aws.RunInHomeAsync(home, named.NextCode() + "\n", "--profile", "project", "sts", "get-caller-identity");
            Assert.True(identity.ExitCode == 0, identity.Stderr);
            using var json = JsonDocument.Parse(identity.Stdout);
            Assert.Equal($"arn:aws:sts::{Account}:assumed-role/{roleName}/x-{_suffix}", json.RootElement.GetProperty("Arn").GetString());
            Assert.Equal(Account, json.RootElement.GetProperty("Account").GetString());
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private async Task<string> CreateProjectRoleAsync(string name, string trust, string project, string runAs)
    {
        var role = await _iam.IamAsync(Admin, "CreateRole", [("RoleName", name), ("AssumeRolePolicyDocument", trust),
            .. IamQuery.Tags(("Project", project), ("SSMSessionRunAs", runAs))]);
        await _iam.IamAsync(Admin, "PutRolePolicy", ("RoleName", name), ("PolicyName", "ProjectAccess"), ("PolicyDocument", ProjectPermissions));
        return role.Value("Arn");
    }

    private async Task WriteProfileAsync(string home, MfaUser user, string roleArn, string sessionName)
    {
        _aws.RouteStsToServer(home);
        await File.WriteAllTextAsync(Path.Combine(home, "config"), $"""
            [profile person]
            region = us-east-1
            output = json

            [profile project]
            role_arn = {roleArn}
            source_profile = person
            mfa_serial = {user.Serial}
            role_session_name = {sessionName}
            region = us-east-1
            output = json

            """);
        await File.WriteAllTextAsync(Path.Combine(home, "credentials"), $"""
            [person]
            aws_access_key_id = {user.Key.AccessKeyId}
            aws_secret_access_key = {user.Key.SecretAccessKey}

            """);
    }

    private async Task<JsonElement> DecodedContextAsync(string denial)
    {
        const string marker = "Encoded authorization failure message: ";
        var at = denial.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, denial);
        var decoded = await _iam.StsAsync(Admin, "DecodeAuthorizationMessage", ("EncodedMessage", denial[(at + marker.Length)..].Trim()));
        using var json = JsonDocument.Parse(decoded.Value("DecodedMessage"));
        Assert.False(json.RootElement.GetProperty("allowed").GetBoolean());
        return json.RootElement.GetProperty("context").Clone();
    }

    private static string[] Values(JsonElement conditions, string key) =>
        conditions.TryGetProperty(key, out var values) ? [.. values.EnumerateArray().Select(v => v.GetString()!)] : [];

    private AmazonSecurityTokenServiceClient Sts(SigV4Credentials credentials) => new(
        credentials.SessionToken is null
            ? new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey)
            : new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
        new AmazonSecurityTokenServiceConfig { ServiceURL = server.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
}

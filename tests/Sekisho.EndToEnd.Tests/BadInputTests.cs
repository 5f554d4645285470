using System.Text;
using Sekisho.Protocol.Mfa;
using Sekisho.Protocol.Signing;
using Sekisho.Server.Credentials;
using Sekisho.Server.Hosting;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// Malformed and hostile input over raw signed requests: AWS's error code and a message that says what was wrong,
/// never a 5xx, and the account's stored state (<see cref="AccountState"/>: authorization details, keys, MFA
/// devices) exactly as before. The tests of one collection run one at a time, so nothing else writes meanwhile.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class BadInputTests(ServerProcess server)
{
    private readonly SignedClient _client = new(server);

    private IamQuery Query => new(_client);

    private static string Account => ServerProcess.AccountId;

    /// <summary>Sends a request that must be refused, and checks that the account reads the same afterwards.</summary>
    private async Task<(int Status, string Body)> RefusedAsync(Func<Task<(int Status, string Body)>> send, int status, string code)
    {
        var before = await AccountState.CaptureAsync(Query, _client.Admin);
        var (actual, body) = await send();
        Assert.True(actual == status, $"expected {status} {code}, got {actual}: {body}");
        Assert.Contains($"<Code>{code}</Code>", body);
        var after = await AccountState.CaptureAsync(Query, _client.Admin);
        Assert.Equal(before, after);
        return (actual, body);
    }

    private Task<(int Status, string Body)> Iam(string form, SigV4Credentials? credentials = null, DateTimeOffset? at = null) =>
        _client.PostAsync("iam", "Version=2010-05-08&" + form, credentials ?? _client.Admin, at);

    private static string Message(string body) =>
        System.Xml.Linq.XDocument.Parse(body).Descendants().First(e => e.Name.LocalName == "Message").Value;

    [Fact]
    public async Task AccountState_SeesEveryKindOfChangeTheseTestsGuard()
    {
        var user = "state-" + Guid.NewGuid().ToString("N")[..6];
        var states = new List<string> { await AccountState.CaptureAsync(Query, _client.Admin) };
        await Query.IamAsync(_client.Admin, "CreateUser", ("UserName", user));
        states.Add(await AccountState.CaptureAsync(Query, _client.Admin));
        await Query.IamAsync(_client.Admin, "TagUser", [("UserName", user), .. IamQuery.Tags(("k", "v"))]);
        states.Add(await AccountState.CaptureAsync(Query, _client.Admin));
        await Query.IamAsync(_client.Admin, "PutUserPolicy", ("UserName", user), ("PolicyName", "P"),
            ("PolicyDocument", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"""));
        states.Add(await AccountState.CaptureAsync(Query, _client.Admin));
        var key = await Query.IamAsync(_client.Admin, "CreateAccessKey", ("UserName", user));
        states.Add(await AccountState.CaptureAsync(Query, _client.Admin));
        await Query.IamAsync(_client.Admin, "UpdateAccessKey", ("UserName", user), ("AccessKeyId", key.Value("AccessKeyId")), ("Status", "Inactive"));
        states.Add(await AccountState.CaptureAsync(Query, _client.Admin));
        await Query.IamAsync(_client.Admin, "CreateVirtualMFADevice", ("VirtualMFADeviceName", user));
        states.Add(await AccountState.CaptureAsync(Query, _client.Admin));
        Assert.Equal(states.Count, states.Distinct().Count());
    }

    [Fact]
    public async Task UnknownAction_IsInvalidAction()
    {
        var (_, body) = await RefusedAsync(() => _client.PostAsync("sts", "Action=BecomeRoot&Version=2011-06-15", _client.Admin), 400, "InvalidAction");
        Assert.Contains("BecomeRoot", Message(body));
        (_, body) = await RefusedAsync(() => Iam("Action=CreateUserNow&UserName=unknown-action-user"), 400, "InvalidAction");
        Assert.Contains("CreateUserNow", Message(body));
    }

    [Fact]
    public async Task MalformedQueryString_IsAClientError()
    {
        var (_, body) = await RefusedAsync(() => _client.PostAsync("sts", "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=%zz&&=", _client.Admin),
            400, "MalformedQueryString");
        Assert.Contains("malformed percent-encoding", Message(body));
        (_, body) = await RefusedAsync(() => Iam("Action=CreateUser&UserName=%zzbad"), 400, "MalformedQueryString");
        Assert.Contains("malformed percent-encoding", Message(body));
    }

    [Fact]
    public async Task MalformedJsonBody_IsASerializationError()
    {
        var (status, body) = await _client.PostJsonAsync("ssm", "AmazonSSM.DescribeSessions", "{\"State\": \"Active\",", _client.Admin);
        Assert.Equal(400, status);
        Assert.Contains("SerializationException", body);
        var before = await AccountState.CaptureAsync(Query, _client.Admin);
        (status, _) = await _client.PostJsonAsync("ssm", "AmazonSSM.DescribeSessions", "[1, 2", _client.Admin);
        Assert.Equal(400, status);
        Assert.Equal(before, await AccountState.CaptureAsync(Query, _client.Admin));
    }

    [Fact]
    public async Task NonNumericDuration_IsAValidationError()
    {
        var (_, body) = await RefusedAsync(() => _client.PostAsync("sts", "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=soon", _client.Admin),
            400, "ValidationError");
        Assert.Contains("soon", Message(body));
    }

    [Fact]
    public async Task SessionDurationBelowTheMinimum_IsAValidationError()
    {
        // The AWS CLI refuses 899 itself; the server must too.
        var (_, body) = await RefusedAsync(() => _client.PostAsync("sts", "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=899", _client.Admin),
            400, "ValidationError");
        Assert.Contains("899", Message(body));
    }

    [Fact]
    public async Task InvalidNames_AreValidationErrors_AndNothingIsCreated()
    {
        var (_, body) = await RefusedAsync(() => Iam("Action=CreateUser&UserName=" + Uri.EscapeDataString("bad name!")), 400, "ValidationError");
        Assert.Contains("userName", Message(body));
        (_, body) = await RefusedAsync(() => Iam("Action=CreateUser&UserName=" + new string('u', 65)), 400, "ValidationError");
        Assert.Contains("userName", Message(body));
        var trust = Uri.EscapeDataString($$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{Account}}:root"},"Action":"sts:AssumeRole"}]}""");
        (_, body) = await RefusedAsync(() => Iam($"Action=CreateRole&RoleName={Uri.EscapeDataString("role/with/slashes")}&AssumeRolePolicyDocument={trust}"),
            400, "ValidationError");
        Assert.Contains("roleName", Message(body));
        (_, body) = await RefusedAsync(() => Iam($"Action=CreateUser&UserName=pathless&Path={Uri.EscapeDataString("no-slashes")}"), 400, "ValidationError");
        Assert.Contains("path", Message(body));
    }

    [Fact]
    public async Task MalformedPolicyDocuments_AreRefused_AndNothingIsWritten()
    {
        var user = "bad-policy-" + Guid.NewGuid().ToString("N")[..6];
        await Query.IamAsync(_client.Admin, "CreateUser", ("UserName", user));
        var (_, body) = await RefusedAsync(() => Iam($"Action=PutUserPolicy&UserName={user}&PolicyName=Broken&PolicyDocument="
            + Uri.EscapeDataString("{\"Version\": \"2012-10-17\", \"Statement\": [")), 400, "MalformedPolicyDocument");
        Assert.NotEmpty(Message(body));
        // A trust policy without a principal.
        (_, body) = await RefusedAsync(() => Iam("Action=CreateRole&RoleName=NoPrincipal&AssumeRolePolicyDocument="
            + Uri.EscapeDataString("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}""")), 400, "MalformedPolicyDocument");
        Assert.Contains("rincipal", Message(body));
        // An identity policy with a principal.
        (_, body) = await RefusedAsync(() => Iam("Action=CreatePolicy&PolicyName=WithPrincipal&PolicyDocument="
            + Uri.EscapeDataString("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}""")), 400, "MalformedPolicyDocument");
        Assert.Contains("rincipal", Message(body));
    }

    [Fact]
    public async Task OversizedDocuments_AreRefused_AndNothingIsWritten()
    {
        var user = "big-policy-" + Guid.NewGuid().ToString("N")[..6];
        await Query.IamAsync(_client.Admin, "CreateUser", ("UserName", user));
        var big = Uri.EscapeDataString("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::"
            + new string('a', 7000) + "\"}]}");
        var (_, body) = await RefusedAsync(() => Iam($"Action=PutUserPolicy&UserName={user}&PolicyName=Big&PolicyDocument={big}"), 409, "LimitExceeded");
        Assert.Contains("2048", Message(body));
        (_, body) = await RefusedAsync(() => Iam($"Action=CreatePolicy&PolicyName=Big{user}&PolicyDocument={big}"), 409, "LimitExceeded");
        Assert.Contains("6144", Message(body));
        var policy = Uri.EscapeDataString("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\""
            + new string('a', 3000) + "\"}]}");
        await RefusedAsync(() => _client.PostAsync("sts",
            $"Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::{Account}:role/R&RoleSessionName=s&Policy={policy}", _client.Admin), 400, "ValidationError");
        // A body over the front's limit is refused before it is read to the end.
        await RefusedAsync(() => Iam($"Action=PutUserPolicy&UserName={user}&PolicyName=Huge&PolicyDocument={new string('a', 1024 * 1024 + 1)}"), 413, "RequestEntityTooLarge");
    }

    [Fact]
    public async Task RequestSignedTwentyMinutesAgo_IsRefused()
    {
        var (_, body) = await RefusedAsync(() => Iam("Action=CreateUser&UserName=stale-signature", at: DateTimeOffset.UtcNow.AddMinutes(-20)),
            403, "SignatureDoesNotMatch");
        Assert.Contains("expired", Message(body), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WrongSecret_IsSignatureDoesNotMatch()
    {
        var wrong = new SigV4Credentials(server.AdminKeyId, server.AdminSecret[..^1] + (server.AdminSecret[^1] == 'x' ? 'y' : 'x'));
        var (_, body) = await RefusedAsync(() => Iam("Action=CreateUser&UserName=wrong-secret", wrong), 403, "SignatureDoesNotMatch");
        Assert.Contains("signature", Message(body), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ForgedSessionToken_IsRefused()
    {
        var forged = new SigV4Credentials("ASIAEXAMPLEEXAMPLE00", "secret", "bm90LWEtdG9rZW4");
        var (_, body) = await RefusedAsync(() => Iam("Action=CreateUser&UserName=forged-token", forged), 403, "InvalidClientTokenId");
        Assert.Equal("The security token included in the request is invalid.", Message(body));
    }

    [Fact]
    public async Task ExpiredSessionToken_IsRefused()
    {
        var expired = await ExpiredAdministratorSessionAsync();
        var (_, body) = await RefusedAsync(() => Iam("Action=CreateUser&UserName=expired-token", expired), 403, "ExpiredToken");
        Assert.Equal("The security token included in the request is expired", Message(body));
    }

    [Fact]
    public async Task UserOperationWithoutUserName_FromARoleSession_IsAValidationError()
    {
        var role = "NoUser-" + Guid.NewGuid().ToString("N")[..6];
        await Query.IamAsync(_client.Admin, "CreateRole", ("RoleName", role), ("AssumeRolePolicyDocument",
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{Account}}:root"},"Action":"sts:AssumeRole"}]}"""));
        await Query.IamAsync(_client.Admin, "AttachRolePolicy", ("RoleName", role), ("PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess"));
        var assumed = await Query.StsAsync(_client.Admin, "AssumeRole", ("RoleArn", $"arn:aws:iam::{Account}:role/{role}"), ("RoleSessionName", "no-user"));
        var session = new SigV4Credentials(assumed.Value("AccessKeyId"), assumed.Value("SecretAccessKey"), assumed.Value("SessionToken"));
        // A role session has no IAM user for an omitted UserName to mean.
        var (_, body) = await RefusedAsync(() => Iam("Action=CreateAccessKey", session), 400, "ValidationError");
        Assert.Contains("userName", Message(body));
        (_, body) = await RefusedAsync(() => Iam("Action=GetUser", session), 400, "ValidationError");
        Assert.Contains("userName", Message(body));
    }

    [Fact]
    public async Task ReplayedTotpCodes_AreRefused_AndTheDeviceIsUnchanged()
    {
        var user = await MfaUser.CreateAsync(Query, _client.Admin, Account, "replay-" + Guid.NewGuid().ToString("N")[..6],
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetSessionToken","Resource":"*"}]}""");
        var step = user.EnabledAtStep;
        // The code the device was enabled with, presented again to GetSessionToken.
        var (_, body) = await RefusedAsync(() => _client.PostAsync("sts",
            $"Action=GetSessionToken&Version=2011-06-15&SerialNumber={Uri.EscapeDataString(user.Serial)}&TokenCode={Totp.ComputeForStep(user.Seed, step)}", user.Key),
            403, "AccessDenied");
        Assert.Equal("MultiFactorAuthentication failed with invalid MFA one time pass code.", Message(body));
        // A resync with the two codes that enabled it.
        (_, body) = await RefusedAsync(() => Iam($"Action=ResyncMFADevice&UserName={user.UserName}&SerialNumber={Uri.EscapeDataString(user.Serial)}"
            + $"&AuthenticationCode1={Totp.ComputeForStep(user.Seed, step - 1)}&AuthenticationCode2={Totp.ComputeForStep(user.Seed, step)}"), 403, "InvalidAuthenticationCode");
        Assert.Contains("not valid", Message(body));
        // A fresh code is still good once, then replayed.
        var next = user.NextCode();
        await Query.StsAsync(user.Key, "GetSessionToken", ("SerialNumber", user.Serial), ("TokenCode", next), ("DurationSeconds", "900"));
        await RefusedAsync(() => _client.PostAsync("sts",
            $"Action=GetSessionToken&Version=2011-06-15&SerialNumber={Uri.EscapeDataString(user.Serial)}&TokenCode={next}", user.Key), 403, "AccessDenied");
    }

    /// <summary>A session token of the administrator that expired an hour ago, sealed by the server's own key ring.</summary>
    private async Task<SigV4Credentials> ExpiredAdministratorSessionAsync()
    {
        var admin = await Query.IamAsync(_client.Admin, "GetUser");
        var time = TimeProvider.System;
        var store = await DataFolder.OpenStoreAsync(server.DataPath, server.Store, time);
        await using (store)
        {
            var ring = new KeyRing(store, MasterKey.Load(server.DataPath), time);
            await ring.LoadAsync();
            var now = time.GetUtcNow();
            var grant = new SessionGrant(admin.Value("Arn"), Account, admin.Value("UserId"), null, admin.Value("UserName"), now.AddHours(-2), now.AddHours(-1),
                false, null, new Dictionary<string, string>(), [], null, null, false);
            var credential = new SessionTokens(ring, time).Issue(grant);
            return new SigV4Credentials(credential.AccessKeyId, credential.SecretAccessKey, credential.SessionToken);
        }
    }
}

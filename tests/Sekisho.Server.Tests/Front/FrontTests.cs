using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Sekisho.Protocol.Signing;
using Sekisho.Server.Api;
using Sekisho.Server.Authorization;
using Sekisho.Server.Credentials;

namespace Sekisho.Server.Tests.Front;

public sealed class FrontTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string GetCallerIdentity = "Action=GetCallerIdentity&Version=2011-06-15";
    private static readonly XNamespace Sts = "https://sts.amazonaws.com/doc/2011-06-15/";

    private static async Task<(HttpStatusCode Status, XElement Xml, string? RequestIdHeader)> Xml(Task<HttpResponseMessage> send)
    {
        using var response = await send;
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, XElement.Parse(text), response.Headers.TryGetValues("x-amzn-RequestId", out var v) ? v.First() : null);
    }

    private static (string Code, string Message) Error(XElement xml)
    {
        var error = xml.Descendants().First(e => e.Name.LocalName == "Error");
        return (error.Elements().First(e => e.Name.LocalName == "Code").Value, error.Elements().First(e => e.Name.LocalName == "Message").Value);
    }

    [Fact]
    public async Task GetCallerIdentity_answers_the_callers_identity_with_the_request_id_in_header_and_body()
    {
        var (status, xml, header) = await Xml(server.QueryAsync("sts", GetCallerIdentity, server.Admin));
        Assert.Equal(HttpStatusCode.OK, status);
        var result = xml.Element(Sts + "GetCallerIdentityResult")!;
        Assert.Equal($"arn:aws:iam::{ServerFixture.ManagementAccount}:user/admin", result.Element(Sts + "Arn")!.Value);
        Assert.Equal(ServerFixture.ManagementAccount, result.Element(Sts + "Account")!.Value);
        Assert.StartsWith("AIDA", result.Element(Sts + "UserId")!.Value, StringComparison.Ordinal);
        Assert.NotNull(header);
        Assert.True(Guid.TryParse(header, out _));
        Assert.Equal(header, xml.Element(Sts + "ResponseMetadata")!.Element(Sts + "RequestId")!.Value);
    }

    [Fact]
    public async Task A_wrong_signature_is_SignatureDoesNotMatch()
    {
        var (status, xml, _) = await Xml(server.SendAsync("sts", Encoding.UTF8.GetBytes(GetCallerIdentity), "application/x-www-form-urlencoded; charset=utf-8",
            null, server.Admin, null, auth => auth[..^4] + (auth.EndsWith("0000", StringComparison.Ordinal) ? "1111" : "0000")));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("SignatureDoesNotMatch", Error(xml).Code);
    }

    [Fact]
    public async Task A_wrong_secret_is_SignatureDoesNotMatch()
    {
        var (status, xml, _) = await Xml(server.QueryAsync("sts", GetCallerIdentity, server.Admin with { SecretAccessKey = new string('x', 40) }));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("SignatureDoesNotMatch", Error(xml).Code);
    }

    [Fact]
    public async Task An_unknown_access_key_is_InvalidClientTokenId()
    {
        var (status, xml, _) = await Xml(server.QueryAsync("sts", GetCallerIdentity, new SigV4Credentials("AKIAAAAAAAAAAAAAAAAA", new string('x', 40))));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(("InvalidClientTokenId", "The security token included in the request is invalid."), Error(xml));
    }

    [Fact]
    public async Task An_unsigned_request_is_MissingAuthenticationToken()
    {
        var (status, xml, _) = await Xml(server.QueryAsync("sts", GetCallerIdentity, null));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("MissingAuthenticationToken", Error(xml).Code);
    }

    [Fact]
    public async Task A_request_signed_more_than_15_minutes_ago_is_refused()
    {
        var (status, xml, _) = await Xml(server.QueryAsync("sts", GetCallerIdentity, server.Admin, DateTimeOffset.UtcNow.AddMinutes(-20)));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("SignatureDoesNotMatch", Error(xml).Code);
        Assert.Contains("expired", Error(xml).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unknown_action_is_InvalidAction_and_an_unimplemented_one_says_so()
    {
        var (status, xml, _) = await Xml(server.QueryAsync("sts", "Action=NoSuchThing&Version=2011-06-15", server.Admin));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidAction", Error(xml).Code);
        (status, xml, _) = await Xml(server.QueryAsync("iam", "Action=ListInstanceProfiles&Version=2010-05-08", server.Admin));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidAction", Error(xml).Code);
        Assert.Contains("not implemented", Error(xml).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_form_bodies_and_invalid_members_are_client_errors()
    {
        var (status, xml, _) = await Xml(server.QueryAsync("iam", "Action=ListUsers&Version=2010-05-08&PathPrefix=%zz", server.Admin));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("MalformedQueryString", Error(xml).Code);
        (status, xml, _) = await Xml(server.QueryAsync("iam", "Action=DeleteUser&Version=2010-05-08", server.Admin));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationError", Error(xml).Code);
    }

    [Fact]
    public async Task A_body_over_one_MiB_is_RequestEntityTooLarge()
    {
        var body = "Action=GetCallerIdentity&Version=2011-06-15&Pad=" + new string('a', AwsApiFront.MaxBodyBytes);
        var (status, xml, _) = await Xml(server.QueryAsync("sts", body, server.Admin));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("RequestEntityTooLarge", Error(xml).Code);
    }

    [Fact]
    public async Task Handler_errors_reach_the_wire_in_AWS_form()
    {
        var (status, xml, _) = await Xml(server.QueryAsync("iam", "Action=DeleteUser&Version=2010-05-08&UserName=carol", server.Admin));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(("NoSuchEntity", "The user with name carol cannot be found."), Error(xml));
    }

    [Fact]
    public async Task Json_requests_route_by_X_Amz_Target_and_answer_json()
    {
        using var response = await server.JsonAsync("AmazonSSM.DescribeSessions", """{"State":"Active"}""", server.Admin);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType!.MediaType);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Empty(json["Sessions"]!.AsArray());
    }

    [Fact]
    public async Task Json_errors_use_the_json_form()
    {
        using var bad = await server.JsonAsync("AmazonSSM.DescribeSessions", "{not json", server.Admin);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("SerializationException", JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["__type"]!.GetValue<string>());
        using var unknown = await server.JsonAsync("AmazonSSM.NoSuchOperation", "{}", server.Admin);
        Assert.Equal("UnknownOperationException", JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["__type"]!.GetValue<string>());
        using var stranger = await server.JsonAsync("AmazonSSM.DescribeSessions", """{"State":"Active"}""", new SigV4Credentials("AKIAAAAAAAAAAAAAAAAA", new string('x', 40)));
        Assert.Equal("UnrecognizedClientException", JsonNode.Parse(await stranger.Content.ReadAsStringAsync())!["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_SCP_on_the_members_OU_denies_with_AWS_wording_and_a_decodable_explanation()
    {
        var (status, xml, _) = await Xml(server.QueryAsync("iam", "Action=ListUsers&Version=2010-05-08", server.Bob));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        var (code, message) = Error(xml);
        Assert.Equal("AccessDenied", code);
        const string marker = " Encoded authorization failure message: ";
        Assert.StartsWith($"User: arn:aws:iam::{ServerFixture.MemberAccount}:user/bob is not authorized to perform: iam:ListUsers on resource: " +
                          $"arn:aws:iam::{ServerFixture.MemberAccount}:user/ with an explicit deny in a service control policy{marker}", message, StringComparison.Ordinal);
        var encoded = message[(message.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
        var decoded = JsonNode.Parse(server.Get<AuthorizationMessages>().TryDecode(encoded)!)!;
        Assert.False(decoded["allowed"]!.GetValue<bool>());
        Assert.True(decoded["explicitDeny"]!.GetValue<bool>());
        Assert.Equal("iam:ListUsers", decoded["context"]!["action"]!.GetValue<string>());
        Assert.Equal("ServiceControlPolicy", decoded["evaluation"]!["deniedBy"]!.GetValue<string>());
        Assert.Equal(ServerFixture.MemberAccount, decoded["context"]!["conditions"]!["aws:PrincipalAccount"]![0]!.GetValue<string>());

        // The same user's SSM call is outside the SCP; the management account's IAM call is outside every SCP.
        using var ssm = await server.JsonAsync("AmazonSSM.DescribeSessions", """{"State":"Active"}""", server.Bob);
        Assert.Equal(HttpStatusCode.OK, ssm.StatusCode);
        (status, _, _) = await Xml(server.QueryAsync("iam", "Action=ListUsers&Version=2010-05-08", server.Admin));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Temporary_credentials_authenticate_and_expired_forged_or_moved_tokens_are_refused()
    {
        var tokens = server.Get<SessionTokens>();
        var now = DateTimeOffset.UtcNow;
        var adminArn = $"arn:aws:iam::{ServerFixture.ManagementAccount}:user/admin";
        SessionGrant Grant(DateTimeOffset expiration) => new(adminArn, ServerFixture.ManagementAccount, "AIDAEXAMPLE", null, "admin", now,
            expiration, true, now, new Dictionary<string, string>(), [], null, null, false);

        var good = tokens.Issue(Grant(now.AddHours(1)));
        Assert.StartsWith("ASIA", good.AccessKeyId, StringComparison.Ordinal);
        var creds = new SigV4Credentials(good.AccessKeyId, good.SecretAccessKey, good.SessionToken);
        var (status, xml, _) = await Xml(server.QueryAsync("sts", GetCallerIdentity, creds));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(adminArn, xml.Element(Sts + "GetCallerIdentityResult")!.Element(Sts + "Arn")!.Value);

        var expired = tokens.Issue(Grant(now.AddSeconds(-1)));
        (status, xml, _) = await Xml(server.QueryAsync("sts", GetCallerIdentity, new SigV4Credentials(expired.AccessKeyId, expired.SecretAccessKey, expired.SessionToken)));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(("ExpiredToken", "The security token included in the request is expired"), Error(xml));

        var bytes = Convert.FromBase64String(good.SessionToken);
        bytes[^5] ^= 1;
        (status, xml, _) = await Xml(server.QueryAsync("sts", GetCallerIdentity, creds with { SessionToken = Convert.ToBase64String(bytes) }));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("InvalidClientTokenId", Error(xml).Code);

        var other = tokens.Issue(Grant(now.AddHours(1)));
        (status, xml, _) = await Xml(server.QueryAsync("sts", GetCallerIdentity, new SigV4Credentials(other.AccessKeyId, good.SecretAccessKey, good.SessionToken)));
        Assert.Equal("InvalidClientTokenId", Error(xml).Code);

        (status, xml, _) = await Xml(server.QueryAsync("sts", GetCallerIdentity, new SigV4Credentials(good.AccessKeyId, good.SecretAccessKey, null)));
        Assert.Equal("InvalidClientTokenId", Error(xml).Code);
    }

    [Fact]
    public async Task Every_call_is_audited_with_its_request_id_caller_and_outcome()
    {
        var (_, _, allowedId) = await Xml(server.QueryAsync("iam", "Action=ListUsers&Version=2010-05-08", server.Admin));
        var (_, _, deniedId) = await Xml(server.QueryAsync("iam", "Action=ListUsers&Version=2010-05-08", server.Bob));
        var found = await AuditedAsync(allowedId!, deniedId!);
        Assert.Equal("Allowed", found[allowedId!]["decision"]!.GetValue<string>());
        Assert.Equal($"arn:aws:iam::{ServerFixture.ManagementAccount}:user/admin", found[allowedId!]["callerArn"]!.GetValue<string>());
        Assert.Equal("iam:ListUsers", found[allowedId!]["action"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", found[allowedId!]["sourceIp"]!.GetValue<string>());
        Assert.Equal("ExplicitlyDenied", found[deniedId!]["decision"]!.GetValue<string>());
        Assert.Equal("AccessDenied", found[deniedId!]["errorCode"]!.GetValue<string>());
        Assert.Equal(403, found[deniedId!]["httpStatus"]!.GetValue<int>());
        Assert.Contains("ServiceControlPolicy", found[deniedId!]["denialReason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRole_is_audited_with_the_role_and_the_trust_decision()
    {
        // AssumeRole authorizes inside its handler (after the MFA check): the audit must still say what was decided.
        var role = $"arn:aws:iam::{ServerFixture.ManagementAccount}:role/audited";
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/admin"},"Action":"sts:AssumeRole"}]}""";
        var (status, _, _) = await Xml(server.QueryAsync("iam",
            "Action=CreateRole&Version=2010-05-08&RoleName=audited&AssumeRolePolicyDocument=" + Uri.EscapeDataString(trust), server.Admin));
        Assert.Equal(HttpStatusCode.OK, status);
        string Assume(string arn) => "Action=AssumeRole&Version=2011-06-15&RoleSessionName=audit-check&RoleArn=" + Uri.EscapeDataString(arn);

        var (allowedStatus, _, allowedId) = await Xml(server.QueryAsync("sts", Assume(role), server.Admin));
        var (deniedStatus, _, deniedId) = await Xml(server.QueryAsync("sts", Assume(role), server.Bob));
        var missingRole = $"arn:aws:iam::{ServerFixture.ManagementAccount}:role/absent";
        var (missingStatus, _, missingId) = await Xml(server.QueryAsync("sts", Assume(missingRole), server.Admin));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (allowedStatus, deniedStatus, missingStatus));

        var found = await AuditedAsync(allowedId!, deniedId!, missingId!);
        Assert.Equal("Allowed", found[allowedId!]["decision"]!.GetValue<string>());
        Assert.Equal("sts:AssumeRole", found[allowedId!]["action"]!.GetValue<string>());
        Assert.Equal([role], found[allowedId!]["resources"]!.AsArray().Select(r => r!.GetValue<string>()));

        Assert.Equal("ImplicitlyDenied", found[deniedId!]["decision"]!.GetValue<string>());
        Assert.Equal([role], found[deniedId!]["resources"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(found[deniedId!]["denialReason"]?.GetValue<string>()));

        Assert.Equal("ImplicitlyDenied", found[missingId!]["decision"]!.GetValue<string>());
        Assert.Equal([missingRole], found[missingId!]["resources"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal($"role {missingRole} does not exist", found[missingId!]["denialReason"]!.GetValue<string>());
    }

    /// <summary>The audit events of the given request ids, waiting for the background writer to store them.</summary>
    private async Task<Dictionary<string, JsonNode>> AuditedAsync(params string[] requestIds)
    {
        var found = new Dictionary<string, JsonNode>();
        for (var attempt = 0; attempt < 100 && found.Count < requestIds.Length; attempt++)
        {
            foreach (var record in await server.Store.ReadAuditAsync(1, 10_000))
                foreach (var line in Encoding.UTF8.GetString(record.Data.Span).Split('\n'))
                {
                    var e = JsonNode.Parse(line)!;
                    var id = e["requestId"]!.GetValue<string>();
                    if (requestIds.Contains(id)) found[id] = e;
                }
            if (found.Count < requestIds.Length) await Task.Delay(50);
        }
        Assert.Equal(requestIds.Order(), found.Keys.Order());
        return found;
    }
}

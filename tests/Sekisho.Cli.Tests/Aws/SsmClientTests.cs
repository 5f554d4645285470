using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sekisho.Cli.Aws;

namespace Sekisho.Cli.Tests.Aws;

public sealed class SsmClientTests
{
    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["AKIDBASE"] = "base-secret",
        ["ASIAROLE"] = "role-secret",
    };

    private const string StartSessionAnswer = """{"SessionId":"alice-0123","StreamUrl":"wss://h/v1/data-channel/alice-0123?role=publish_subscribe","TokenValue":"tok"}""";

    private static AwsHome HomeWithKeys(string endpoint)
    {
        var home = new AwsHome().Credentials("[default]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n");
        home.Config($"[default]\nregion = eu-west-1\nendpoint_url = {endpoint}\n");
        return home;
    }

    [Fact]
    public async Task StartSession_is_a_signed_json_call_with_every_member()
    {
        await using var ssm = new FakeAwsEndpoint(Secrets, _ => new(200, StartSessionAnswer));
        using var home = HomeWithKeys(ssm.Url);
        using var context = home.Context(new AwsCliOptions());
        var stream = await new SsmClient(context).StartSessionAsync(new StartSessionRequest("mi-0123456789abcdef0", "AWS-StartPortForwardingSession",
            new Dictionary<string, IReadOnlyList<string>> { ["portNumber"] = ["80"], ["localPortNumber"] = ["8080"] }, "ticket 42"), CancellationToken.None);
        Assert.Equal(new SessionStream("alice-0123", "wss://h/v1/data-channel/alice-0123?role=publish_subscribe", "tok"), stream);
        var request = Assert.Single(ssm.Requests);
        Assert.Null(request.SignatureFailure);
        Assert.Equal(("AKIDBASE", "eu-west-1", "ssm"), (request.Authorization!.AccessKeyId, request.Authorization.Region, request.Authorization.Service));
        Assert.Equal("AmazonSSM.StartSession", request.Http.Header("X-Amz-Target"));
        Assert.StartsWith("application/x-amz-json-1.1", request.Http.Header("Content-Type"), StringComparison.Ordinal);
        var body = JsonNode.Parse(request.Body)!.AsObject();
        Assert.Equal("mi-0123456789abcdef0", (string?)body["Target"]);
        Assert.Equal("AWS-StartPortForwardingSession", (string?)body["DocumentName"]);
        Assert.Equal("ticket 42", (string?)body["Reason"]);
        Assert.Equal("8080", (string?)body["Parameters"]!["localPortNumber"]![0]);
    }

    [Fact]
    public async Task A_preconnected_context_sends_StartSession_on_the_connection_it_opened()
    {
        await using var ssm = new FakeAwsEndpoint(Secrets, request => request.Http.Method == "GET" ? new(200, "ok\n", "text/plain") : new(200, StartSessionAnswer));
        using var home = HomeWithKeys(ssm.Url);
        using var context = home.Context(new AwsCliOptions());
        context.Preconnect(context.Endpoint("ssm", isCommandService: true));
        var stream = await new SsmClient(context).StartSessionAsync(new StartSessionRequest("mi-0123456789abcdef0", null,
            new Dictionary<string, IReadOnlyList<string>>(), null), CancellationToken.None);
        Assert.Equal("alice-0123", stream.SessionId);
        Assert.Equal(2, ssm.Requests.Count);
        var (warmUp, startSession) = (ssm.Requests[0], ssm.Requests[1]);
        Assert.Equal(("GET", "/healthz"), (warmUp.Http.Method, warmUp.Http.RawPath));
        Assert.Null(warmUp.Authorization);
        Assert.Equal("AmazonSSM.StartSession", startSession.Http.Header("X-Amz-Target"));
        Assert.Null(startSession.SignatureFailure);
        Assert.Equal(warmUp.ConnectionId, startSession.ConnectionId);
    }

    [Fact]
    public async Task A_preconnect_that_fails_leaves_the_error_to_the_signed_request()
    {
        // A port nothing listens on: the warm-up fails quietly, StartSession reports the endpoint.
        var port = FreeLoopbackPort();
        using var home = HomeWithKeys($"http://127.0.0.1:{port}");
        using var context = home.Context(new AwsCliOptions());
        context.Preconnect(context.Endpoint("ssm", isCommandService: true));
        await context.WhenPreconnectedAsync();
        var error = await Assert.ThrowsAsync<CliException>(() => new SsmClient(context).StartSessionAsync(
            new StartSessionRequest("mi-0123456789abcdef0", null, new Dictionary<string, IReadOnlyList<string>>(), null), CancellationToken.None));
        Assert.Contains($"Could not connect to the endpoint URL: \"http://127.0.0.1:{port}/\"", error.Message, StringComparison.Ordinal);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Service_errors_are_worded_as_the_aws_cli_words_them()
    {
        await using var ssm = new FakeAwsEndpoint(Secrets, _ => new(400,
            """{"__type":"com.amazonaws.ssm#AccessDeniedException","message":"User: arn:aws:iam::1:user/bob is not authorized to perform: ssm:StartSession"}"""));
        using var home = HomeWithKeys(ssm.Url);
        using var context = home.Context(new AwsCliOptions());
        var e = await Assert.ThrowsAsync<AwsServiceException>(() => new SsmClient(context).TerminateSessionAsync("s-1", CancellationToken.None));
        Assert.Equal("An error occurred (AccessDeniedException) when calling the TerminateSession operation: " +
                     "User: arn:aws:iam::1:user/bob is not authorized to perform: ssm:StartSession", e.Message);
        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_named_in_the_error()
    {
        using var home = HomeWithKeys("http://127.0.0.1:1");
        using var context = home.Context(new AwsCliOptions());
        var e = await Assert.ThrowsAsync<CliException>(() => new SsmClient(context).ResumeSessionAsync("s-1", CancellationToken.None));
        Assert.StartsWith("Could not connect to the endpoint URL: \"http://127.0.0.1:1/\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_profile_assumes_the_role_at_the_sts_endpoint_then_signs_with_the_role()
    {
        await using var sts = new FakeAwsEndpoint(Secrets, _ => new(200, """
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>
            <AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken>
            <Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>
            """, "text/xml"));
        await using var ssm = new FakeAwsEndpoint(Secrets, _ => new(200, StartSessionAnswer));
        using var home = new AwsHome().Credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n");
        home.Config("[profile ops]\nregion = us-west-2\nrole_arn = arn:aws:iam::111122223333:role/Ops\nsource_profile = base\n" +
                    "mfa_serial = arn:aws:iam::111122223333:mfa/alice\nrole_session_name = alice\n");
        home.Variables["AWS_ENDPOINT_URL_STS"] = sts.Url;
        home.Stdin = "654321\n";
        using var context = home.Context(new AwsCliOptions(Profile: "ops", EndpointUrl: ssm.Url));
        await new SsmClient(context).StartSessionAsync(new StartSessionRequest("mi-1"), CancellationToken.None);

        var assume = Assert.Single(sts.Requests);
        Assert.Null(assume.SignatureFailure);
        Assert.Equal(("AKIDBASE", "sts", "us-west-2"), (assume.Authorization!.AccessKeyId, assume.Authorization.Service, assume.Authorization.Region));
        var form = assume.Body.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("AssumeRole", form["Action"]);
        Assert.Equal("arn:aws:iam::111122223333:role/Ops", form["RoleArn"]);
        Assert.Equal("alice", form["RoleSessionName"]);
        Assert.Equal(("arn:aws:iam::111122223333:mfa/alice", "654321"), (form["SerialNumber"], form["TokenCode"]));
        var call = Assert.Single(ssm.Requests);
        Assert.Null(call.SignatureFailure);
        Assert.Equal("ASIAROLE", call.Authorization!.AccessKeyId);
        Assert.Equal("role-token", call.Http.Header("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task Sts_errors_stop_the_chain_with_the_aws_wording()
    {
        await using var sts = new FakeAwsEndpoint(Secrets, _ => new(403, """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>
            <Message>MultiFactorAuthentication failed with invalid MFA one time pass code.</Message></Error></ErrorResponse>
            """, "text/xml"));
        using var home = new AwsHome().Credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n");
        home.Config($"[default]\nregion = r\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\nendpoint_url = {sts.Url}\n");
        using var context = home.Context(new AwsCliOptions());
        var e = await Assert.ThrowsAsync<AwsServiceException>(() => context.Credentials.GetCredentialsAsync(CancellationToken.None));
        Assert.Equal("An error occurred (AccessDenied) when calling the AssumeRole operation: MultiFactorAuthentication failed with invalid MFA one time pass code.", e.Message);
    }

    [Fact]
    public async Task A_self_signed_server_is_trusted_through_a_ca_bundle_or_no_verify_ssl_and_refused_otherwise()
    {
        using var certificate = TestCertificates.SelfSigned();
        await using var ssm = new FakeAwsEndpoint(Secrets, _ => new(200, StartSessionAnswer), certificate);
        using var home = HomeWithKeys(ssm.Url);
        var bundle = Path.Combine(home.Directory, "server.pem");
        await File.WriteAllTextAsync(bundle, certificate.ExportCertificatePem());

        using (var untrusted = home.Context(new AwsCliOptions()))
        {
            var e = await Assert.ThrowsAsync<CliException>(() => new SsmClient(untrusted).StartSessionAsync(new StartSessionRequest("mi-1"), CancellationToken.None));
            Assert.Contains("Could not connect to the endpoint URL", e.Message);
        }
        home.Variables["AWS_CA_BUNDLE"] = bundle;
        using (var trusted = home.Context(new AwsCliOptions()))
        {
            Assert.Equal("alice-0123", (await new SsmClient(trusted).StartSessionAsync(new StartSessionRequest("mi-1"), CancellationToken.None)).SessionId);
        }
        home.Variables.Remove("AWS_CA_BUNDLE");
        using (var unverified = home.Context(new AwsCliOptions(NoVerifySsl: true)))
        {
            Assert.Equal("alice-0123", (await new SsmClient(unverified).StartSessionAsync(new StartSessionRequest("mi-1"), CancellationToken.None)).SessionId);
        }
    }

    [Fact]
    public async Task A_ca_bundle_that_does_not_hold_the_servers_certificate_is_refused()
    {
        // Another self-signed certificate with the same name and addresses in the bundle does not make the server trusted.
        using var certificate = TestCertificates.SelfSigned();
        using var other = TestCertificates.SelfSigned();
        await using var ssm = new FakeAwsEndpoint(Secrets, _ => new(200, StartSessionAnswer), certificate);
        using var home = HomeWithKeys(ssm.Url);
        var bundle = Path.Combine(home.Directory, "other.pem");
        await File.WriteAllTextAsync(bundle, other.ExportCertificatePem());
        home.Variables["AWS_CA_BUNDLE"] = bundle;
        using var context = home.Context(new AwsCliOptions());
        var e = await Assert.ThrowsAsync<CliException>(() => new SsmClient(context).StartSessionAsync(new StartSessionRequest("mi-1"), CancellationToken.None));
        Assert.Contains("Could not connect to the endpoint URL", e.Message);
    }

    [Theory]
    [InlineData("not a certificate\n", "holds no certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nbm90IGRlcg==\n-----END CERTIFICATE-----\n", "is not a readable PEM certificate file")]
    public async Task A_ca_bundle_that_is_not_a_certificate_file_fails_the_first_connection_naming_it(string content, string why)
    {
        // The bundle is read when a certificate is first checked against it (not when the configuration is read), so
        // its error comes with the first request, as the AWS CLI's does, and says which file and why.
        using var certificate = TestCertificates.SelfSigned();
        await using var ssm = new FakeAwsEndpoint(Secrets, _ => new(200, StartSessionAnswer), certificate);
        using var home = HomeWithKeys(ssm.Url);
        var bundle = Path.Combine(home.Directory, "broken.pem");
        await File.WriteAllTextAsync(bundle, content);
        home.Variables["AWS_CA_BUNDLE"] = bundle;
        using var context = home.Context(new AwsCliOptions());
        var e = await Assert.ThrowsAsync<CliException>(() => new SsmClient(context).StartSessionAsync(new StartSessionRequest("mi-1"), CancellationToken.None));
        Assert.Contains("Could not connect to the endpoint URL", e.Message);
        Assert.Contains($"the CA bundle {bundle} (AWS_CA_BUNDLE) {why}", e.Message);
        Assert.Empty(ssm.Requests);
    }
}

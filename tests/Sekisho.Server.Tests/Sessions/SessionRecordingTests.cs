using System.Text.Json.Nodes;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.DataChannel;
using Sekisho.Protocol.Signing;
using Sekisho.Server.Nodes;
using Sekisho.Server.Sessions;

namespace Sekisho.Server.Tests.Sessions;

/// <summary>
/// DescribeSessions' OutputUrl served (<c>GET /v1/session-recordings/{id}</c>: SigV4, ssm:DescribeSessions on the
/// session's ARN, deny by default) and the account's recordingRetentionDays enforced.
/// </summary>
public sealed class SessionRecordingTests(SessionsFixture server) : IClassFixture<SessionsFixture>
{
    private SessionAgentMessages Handler => server.Get<IEnumerable<IAgentMessageHandler>>().OfType<SessionAgentMessages>().Single();

    /// <summary>A shell session that prints <paramref name="output"/> and ends; its id.</summary>
    private async Task<string> RecordedSessionAsync(SigV4Credentials credentials, string node, string output)
    {
        var (status, body) = await server.SsmAsync("StartSession", new { Target = node }, credentials);
        Assert.True(status == 200, body.ToJsonString());
        var id = body["SessionId"]!.GetValue<string>();
        await using var client = await DataChannelPeer.ConnectAsync(new Uri(body["StreamUrl"]!.GetValue<string>()), body["TokenValue"]!.GetValue<string>(), agent: false);
        AgentControlMessage start;
        do start = await server.Nodes.NextAsync(node, AgentMessageTypes.StartSession);
        while (start.SessionId != id);
        await using var agent = await DataChannelPeer.ConnectAsync(server.AgentDataUri(start.DataUrl!), start.DataToken!, agent: true);
        await client.SendAsync(PayloadType.Size, DataChannelPayloads.Serialize(new TerminalSize(90, 20)));
        await agent.SendTextAsync(output);
        await client.WaitForTextAsync(output);
        await Handler.OnAgentMessageAsync(node, new AgentControlMessage { Type = AgentMessageTypes.SessionEnded, SessionId = id, ExitCode = 0 }, default);
        await client.ClosedSignal.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return id;
    }

    private async Task<JsonNode> DescribeAsync(string id, SigV4Credentials credentials)
    {
        var (status, body) = await server.SsmAsync("DescribeSessions", new { State = "History", Filters = new[] { new { key = "SessionId", value = id } } }, credentials);
        Assert.True(status == 200, body.ToJsonString());
        return body["Sessions"]![0]!;
    }

    [Fact]
    public async Task OutputUrl_serves_the_recording_to_callers_allowed_DescribeSessions_on_the_session_and_no_one_else()
    {
        var id = await RecordedSessionAsync(server.Admin, SessionsFixture.Node1, "hello from the recording\r\n$ ");
        var url = new Uri((await DescribeAsync(id, server.Admin))["OutputUrl"]!["S3OutputUrl"]!.GetValue<string>());
        Assert.Equal(SessionEndpoints.RecordingPath(id), url.AbsolutePath);

        var (status, type, body) = await server.GetAsync(url, server.Admin);
        Assert.True(status == 200, body);
        Assert.Equal(SessionRecordingEndpoint.AsciicastContentType, type);
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = JsonNode.Parse(lines[0])!;
        Assert.Equal(2, header["version"]!.GetValue<int>());
        Assert.Equal(90, header["width"]!.GetValue<int>());
        Assert.Equal(id, header["sekisho_session_id"]!.GetValue<string>());
        var events = lines.Skip(1).Select(l => JsonNode.Parse(l)!.AsArray()).Select(e => (e[1]!.GetValue<string>(), e[2]!.GetValue<string>())).ToList();
        // The size (from the client) and the output (from the agent) race through the relay: either order.
        Assert.Equal(2, events.Count);
        Assert.Contains(("r", "90x20"), events);
        Assert.Contains(("o", "hello from the recording\r\n$ "), events);

        // A role allowed only StartSession: denied in AWS's words, with the encoded explanation, before any lookup.
        var starter = await server.AssumeRoleAsync("starter", "bob");
        (status, _, body) = await server.GetAsync(url, starter);
        Assert.Equal(403, status);
        var error = JsonNode.Parse(body)!;
        Assert.Equal("AccessDeniedException", error["__type"]!.GetValue<string>());
        var message = error["message"]!.GetValue<string>();
        Assert.Contains($"is not authorized to perform: ssm:DescribeSessions on resource: arn:aws:ssm:{SessionsFixture.Region}:{SessionsFixture.Account}:session/{id}", message, StringComparison.Ordinal);
        Assert.Contains(" Encoded authorization failure message: ", message, StringComparison.Ordinal);
        (status, _, body) = await server.GetAsync(new Uri(url, SessionEndpoints.RecordingPath("admin-ffffffffffffffff0")), starter);
        Assert.Equal(403, status); // an unknown id is denied the same way: a denied caller learns nothing

        // Unknown to an allowed caller; another account's session is not found either (sessions are per account).
        (status, _, body) = await server.GetAsync(new Uri(url, SessionEndpoints.RecordingPath("admin-ffffffffffffffff0")), server.Admin);
        Assert.Equal(404, status);
        Assert.Equal("Session with id admin-ffffffffffffffff0 does not exist.", JsonNode.Parse(body)!["message"]!.GetValue<string>());
        (status, _, body) = await server.GetAsync(url, server.Tagged);
        Assert.Equal(404, status);
        Assert.Equal("DoesNotExistException", JsonNode.Parse(body)!["__type"]!.GetValue<string>());

        // No signature, or a wrong secret: refused as the AWS front refuses them.
        (status, _, body) = await server.GetAsync(url, null);
        Assert.Equal(403, status);
        Assert.Equal("MissingAuthenticationTokenException", JsonNode.Parse(body)!["__type"]!.GetValue<string>());
        (status, _, body) = await server.GetAsync(url, new SigV4Credentials(server.Admin.AccessKeyId, "not-the-secret"));
        Assert.Equal("InvalidSignatureException", JsonNode.Parse(body)!["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task StartSession_and_recording_reads_are_audited_with_the_decisions_made()
    {
        var (status, started, allowedId) = await server.SsmWithRequestIdAsync("StartSession", new { Target = SessionsFixture.Node1 }, server.Admin);
        Assert.Equal(200, status);
        var project1 = await server.AssumeRoleAsync("project1", "carol");
        var (deniedStatus, _, deniedId) = await server.SsmWithRequestIdAsync("StartSession", new { Target = SessionsFixture.Node2 }, project1);
        Assert.Equal(400, deniedStatus);
        var (namedStatus, _, namedId) = await server.SsmWithRequestIdAsync("StartSession",
            new { Target = SessionsFixture.Node1, DocumentName = "AWS-StartInteractiveCommand", Parameters = new { command = new[] { "true" } } }, project1);
        Assert.Equal(200, namedStatus);
        var id = started["SessionId"]!.GetValue<string>();
        await server.GetAsync(new Uri(server.Endpoint, SessionEndpoints.RecordingPath(id)), server.Admin);
        var readId = server.LastRecordingRequestId!;

        var events = await server.AuditEventsAsync(allowedId, deniedId, namedId, readId);
        var node1 = $"arn:aws:ssm:{SessionsFixture.Region}:{SessionsFixture.Account}:managed-instance/{SessionsFixture.Node1}";
        var node2 = $"arn:aws:ssm:{SessionsFixture.Region}:{SessionsFixture.Account}:managed-instance/{SessionsFixture.Node2}";
        Assert.Equal("Allowed", events[allowedId]["decision"]!.GetValue<string>());
        Assert.Equal("ssm:StartSession", events[allowedId]["action"]!.GetValue<string>());
        Assert.Equal([node1], events[allowedId]["resources"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("ImplicitlyDenied", events[deniedId]["decision"]!.GetValue<string>());
        Assert.Equal([node2], events[deniedId]["resources"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("AccessDeniedException", events[deniedId]["errorCode"]!.GetValue<string>());
        // A named document is decided too: both resources, in the order decided.
        Assert.Equal("Allowed", events[namedId]["decision"]!.GetValue<string>());
        Assert.Equal([node1, $"arn:aws:ssm:{SessionsFixture.Region}::document/AWS-StartInteractiveCommand"],
            events[namedId]["resources"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("GetSessionRecording", events[readId]["operation"]!.GetValue<string>());
        Assert.Equal("ssm:DescribeSessions", events[readId]["action"]!.GetValue<string>());
        Assert.Equal("Allowed", events[readId]["decision"]!.GetValue<string>());
        Assert.Equal([$"arn:aws:ssm:{SessionsFixture.Region}:{SessionsFixture.Account}:session/{id}"], events[readId]["resources"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Recordings_older_than_the_accounts_retention_are_deleted_and_no_longer_pointed_to()
    {
        // Account 444455556666 keeps recordings 30 days (recordingRetentionDays "30"); 111122223333 has no setting.
        var kept = await RecordedSessionAsync(server.Admin, SessionsFixture.Node1, "kept for ever\r\n");
        var expiring = await RecordedSessionAsync(server.Tagged, SessionsFixture.RunAsNode, "kept 30 days\r\n");
        var url = new Uri((await DescribeAsync(expiring, server.Tagged))["OutputUrl"]!["S3OutputUrl"]!.GetValue<string>());
        Assert.Equal(200, (await server.GetAsync(url, server.Tagged)).Status);

        var retention = server.Get<RecordingRetentionService>();
        server.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, await retention.SweepAsync(default));
        Assert.Equal(200, (await server.GetAsync(url, server.Tagged)).Status);

        server.Clock.Advance(TimeSpan.FromDays(2));
        Assert.True(await retention.SweepAsync(default) >= 1);
        Assert.Null((await DescribeAsync(expiring, server.Tagged))["OutputUrl"]);
        var (status, _, body) = await server.GetAsync(url, server.Tagged);
        Assert.Equal(404, status);
        Assert.Contains($"The recording of session {expiring} was deleted", JsonNode.Parse(body)!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(await server.Get<RecordingStore>().ReadAsync(RecordingStore.Name(SessionsFixture.RunAsAccount, expiring), new MemoryStream(), default));

        Assert.NotNull((await DescribeAsync(kept, server.Admin))["OutputUrl"]);
        Assert.True(await server.Get<RecordingStore>().ReadAsync(RecordingStore.Name(SessionsFixture.Account, kept), new MemoryStream(), default));
    }
}

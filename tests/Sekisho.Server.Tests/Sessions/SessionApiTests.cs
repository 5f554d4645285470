using System.Text.Json.Nodes;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.Signing;

namespace Sekisho.Server.Tests.Sessions;

public sealed class SessionApiTests(SessionsFixture server) : IClassFixture<SessionsFixture>
{
    private const string Marker = " Encoded authorization failure message: ";

    private static string Error(JsonNode body) => body["__type"]!.GetValue<string>();

    private static string Message(JsonNode body) => (body["message"] ?? body["Message"])!.GetValue<string>();

    [Fact]
    public async Task A_project_role_starts_a_session_on_its_projects_node()
    {
        var alice = await server.AssumeRoleAsync("project1", "alice");
        var (status, body) = await server.SsmAsync("StartSession", new { Target = SessionsFixture.Node1 }, alice);
        Assert.Equal(200, status);
        var id = body["SessionId"]!.GetValue<string>();
        Assert.Matches("^alice-[0-9a-f]{17}$", id);
        Assert.Equal($"ws://{server.Endpoint.Host}:{server.Endpoint.Port}/v1/data-channel/{id}?role=publish_subscribe", body["StreamUrl"]!.GetValue<string>());
        var token = body["TokenValue"]!.GetValue<string>();
        Assert.InRange(token.Length, 40, 300);
    }

    [Fact]
    public async Task The_other_projects_node_is_denied_naming_the_assumed_role_the_action_and_the_node()
    {
        var alice = await server.AssumeRoleAsync("project1", "alice");
        var (status, body) = await server.SsmAsync("StartSession", new { Target = SessionsFixture.Node2 }, alice);
        Assert.Equal(400, status);
        Assert.Equal("AccessDeniedException", Error(body));
        Assert.StartsWith($"User: arn:aws:sts::{SessionsFixture.Account}:assumed-role/project1/alice is not authorized to perform: ssm:StartSession " +
                          $"on resource: arn:aws:ssm:us-east-1:{SessionsFixture.Account}:managed-instance/{SessionsFixture.Node2} " +
                          $"because no identity-based policy allows the ssm:StartSession action{Marker}", Message(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_permission_on_the_document_the_denial_names_the_documents_arn()
    {
        var carol = await server.AssumeRoleAsync("project1-nodoc", "carol");
        var (status, body) = await server.SsmAsync("StartSession", new { Target = SessionsFixture.Node1 }, carol);
        Assert.Equal(400, status);
        Assert.StartsWith($"User: arn:aws:sts::{SessionsFixture.Account}:assumed-role/project1-nodoc/carol is not authorized to perform: ssm:StartSession " +
                          $"on resource: arn:aws:ssm:us-east-1:{SessionsFixture.Account}:document/SSM-SessionManagerRunShell " +
                          "because no identity-based policy allows the ssm:StartSession action", Message(body), StringComparison.Ordinal);

        (status, body) = await server.SsmAsync("StartSession", new { Target = SessionsFixture.Node1, DocumentName = "AWS-StartSSHSession" }, carol);
        Assert.Equal(400, status);
        Assert.Contains("on resource: arn:aws:ssm:us-east-1::document/AWS-StartSSHSession because", Message(body), StringComparison.Ordinal);

        // The other project's node is still refused first, naming the node.
        (status, body) = await server.SsmAsync("StartSession", new { Target = SessionsFixture.Node2 }, carol);
        Assert.Contains($"managed-instance/{SessionsFixture.Node2} because", Message(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_document_is_checked_and_allowed_by_the_document_statement()
    {
        var alice = await server.AssumeRoleAsync("project1", "alice");
        var (status, body) = await server.SsmAsync("StartSession", new { Target = SessionsFixture.Node1, DocumentName = "SSM-SessionManagerRunShell" }, alice);
        Assert.Equal(200, status);
        Assert.StartsWith("alice-", body["SessionId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resuming_or_terminating_someone_elses_session_is_denied()
    {
        var (_, started) = await server.SsmAsync("StartSession", new { Target = SessionsFixture.Node1 }, server.Admin);
        var id = started["SessionId"]!.GetValue<string>();
        Assert.StartsWith("admin-", id, StringComparison.Ordinal);
        var alice = await server.AssumeRoleAsync("project1", "alice");
        foreach (var operation in new[] { "ResumeSession", "TerminateSession" })
        {
            var (status, body) = await server.SsmAsync(operation, new { SessionId = id }, alice);
            Assert.Equal(400, status);
            Assert.StartsWith($"User: arn:aws:sts::{SessionsFixture.Account}:assumed-role/project1/alice is not authorized to perform: ssm:{operation} " +
                              $"on resource: arn:aws:ssm:us-east-1:{SessionsFixture.Account}:session/{id} because no identity-based policy allows the ssm:{operation} action",
                Message(body), StringComparison.Ordinal);
        }
        var (describeStatus, described) = await server.SsmAsync("DescribeSessions", new { State = "Active", Filters = new[] { new { key = "SessionId", value = id } } }, server.Admin);
        Assert.Equal(200, describeStatus);
        Assert.Equal("Connecting", described["Sessions"]![0]!["Status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("mi-00000000000000000", "TargetNotConnected", "mi-00000000000000000 is not connected.")]
    [InlineData(SessionsFixture.OfflineNode, "TargetNotConnected", SessionsFixture.OfflineNode + " is not connected.")]
    [InlineData("server-1", "InvalidTarget", "The target server-1 is not a managed node id")]
    public async Task Unknown_offline_and_malformed_targets_are_refused(string target, string code, string message)
    {
        var (status, body) = await server.SsmAsync("StartSession", new { Target = target }, server.Admin);
        Assert.Equal(400, status);
        Assert.Equal(code, Error(body));
        Assert.StartsWith(message, Message(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_document_and_invalid_parameters_are_refused()
    {
        var (status, body) = await server.SsmAsync("StartSession", new { Target = SessionsFixture.Node1, DocumentName = "No-Such-Document" }, server.Admin);
        Assert.Equal(400, status);
        Assert.Equal("InvalidDocument", Error(body));
        Assert.Equal("Document with name No-Such-Document does not exist.", Message(body));

        (status, body) = await server.SsmAsync("StartSession", new
        {
            Target = SessionsFixture.Node1,
            DocumentName = "AWS-StartPortForwardingSession",
            Parameters = new Dictionary<string, string[]> { ["portNumber"] = ["eighty"] },
        }, server.Admin);
        Assert.Equal(400, status);
        Assert.Equal("InvalidParameters", Error(body));
        Assert.Contains("eighty", Message(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_As_off_runs_as_ssm_user()
    {
        Assert.Equal("ssm-user", await RunAsOfAsync(server.Admin, SessionsFixture.Node1));
    }

    [Fact]
    public async Task Run_As_on_takes_the_users_tag_else_the_default_user()
    {
        Assert.Equal("os-tagged", await RunAsOfAsync(server.Tagged, SessionsFixture.RunAsNode));
        Assert.Equal("os-default", await RunAsOfAsync(server.Untagged, SessionsFixture.RunAsNode));
    }

    [Fact]
    public async Task Describe_sessions_lists_active_and_history_with_filters_and_paging()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (_, body) = await server.SsmAsync("StartSession", new { Target = SessionsFixture.RunAsNode, Reason = "ticket-" + i }, server.Tagged);
            ids.Add(body["SessionId"]!.GetValue<string>());
            server.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        var (_, terminated) = await server.SsmAsync("TerminateSession", new { SessionId = ids[0] }, server.Tagged);
        Assert.Equal(ids[0], terminated["SessionId"]!.GetValue<string>());

        var owner = $"arn:aws:iam::{SessionsFixture.RunAsAccount}:user/tagged";
        var (status, active) = await server.SsmAsync("DescribeSessions", new { State = "Active", Filters = new[] { new { key = "Owner", value = owner } } }, server.Tagged);
        Assert.Equal(200, status);
        var activeIds = active["Sessions"]!.AsArray().Select(s => s!["SessionId"]!.GetValue<string>()).ToList();
        Assert.Contains(ids[1], activeIds);
        Assert.Contains(ids[2], activeIds);
        Assert.DoesNotContain(ids[0], activeIds);

        var (_, history) = await server.SsmAsync("DescribeSessions", new { State = "History", Filters = new[] { new { key = "SessionId", value = ids[0] } } }, server.Tagged);
        var ended = history["Sessions"]![0]!;
        Assert.Equal("Terminated", ended["Status"]!.GetValue<string>());
        Assert.Equal("ticket-0", ended["Reason"]!.GetValue<string>());
        Assert.Equal(owner, ended["Owner"]!.GetValue<string>());
        Assert.NotNull(ended["EndDate"]);
        Assert.EndsWith("/v1/session-recordings/" + ids[0], ended["OutputUrl"]!["S3OutputUrl"]!.GetValue<string>(), StringComparison.Ordinal);

        var (_, page1) = await server.SsmAsync("DescribeSessions", new { State = "Active", MaxResults = 1, Filters = new[] { new { key = "Owner", value = owner } } }, server.Tagged);
        Assert.True(page1["Sessions"] is JsonArray { Count: 1 }, page1.ToJsonString());
        var next = page1["NextToken"]!.GetValue<string>();
        var (_, page2) = await server.SsmAsync("DescribeSessions", new { State = "Active", MaxResults = 1, NextToken = next, Filters = new[] { new { key = "Owner", value = owner } } }, server.Tagged);
        Assert.NotEqual(page1["Sessions"]![0]!["SessionId"]!.GetValue<string>(), page2["Sessions"]![0]!["SessionId"]!.GetValue<string>());

        var (badStatus, bad) = await server.SsmAsync("DescribeSessions", new { State = "Active", Filters = new[] { new { key = "InvokedAfter", value = "yesterday" } } }, server.Tagged);
        Assert.Equal(400, badStatus);
        Assert.Equal("InvalidFilterValue", Error(bad));
    }

    /// <summary>Starts a session, opens its client socket and returns the RunAsUser of the start_session the node receives.</summary>
    private async Task<string?> RunAsOfAsync(SigV4Credentials credentials, string node)
    {
        var (status, body) = await server.SsmAsync("StartSession", new { Target = node }, credentials);
        Assert.True(status == 200, body.ToJsonString());
        await using var client = await DataChannelPeer.ConnectAsync(server.WebSocketUri(body["StreamUrl"]!.GetValue<string>()), body["TokenValue"]!.GetValue<string>(), agent: false);
        var id = body["SessionId"]!.GetValue<string>();
        while (true)
        {
            var start = await server.Nodes.NextAsync(node, AgentMessageTypes.StartSession);
            if (start.SessionId == id) return start.RunAsUser;
        }
    }
}

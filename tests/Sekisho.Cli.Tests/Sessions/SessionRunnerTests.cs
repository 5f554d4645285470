using System.Text.Json.Nodes;
using Sekisho.Cli.Aws;
using Sekisho.Cli.Sessions;
using Sekisho.Cli.Tests.Aws;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Tests.Sessions;

public sealed class SessionRunnerTests
{
    private static readonly Dictionary<string, string> Secrets = new() { ["AKIDBASE"] = "base-secret" };

    private static AwsHome Home(string endpoint) =>
        new AwsHome().Credentials("[default]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n")
            .Config($"[default]\nregion = us-east-1\nendpoint_url = {endpoint}\n");

    private static SessionStartOptions Options(string? document = null) =>
        new("mi-0123456789abcdef0", document, new Dictionary<string, IReadOnlyList<string>>(), "testing", new AwsCliOptions());

    [Fact]
    public async Task A_session_starts_runs_to_the_remote_exit_code_and_is_terminated()
    {
        await using var peer = new FakeAgentPeer();
        await using var ssm = new FakeAwsEndpoint(Secrets, request => request.Http.Header("X-Amz-Target") switch
        {
            "AmazonSSM.StartSession" => new(200, new JsonObject { ["SessionId"] = "sess-1", ["StreamUrl"] = peer.StreamUrl, ["TokenValue"] = "token-1" }.ToJsonString()),
            "AmazonSSM.TerminateSession" => new(200, """{"SessionId":"sess-1"}"""),
            var other => new(400, $$"""{"__type":"UnknownOperationException","message":"{{other}}"}"""),
        });
        using var home = Home(ssm.Url);
        using var context = home.Context(new AwsCliOptions());
        var terminal = new FakeTerminal(isTerminal: true, new TerminalSize(80, 24));
        var stderr = new StringWriter();
        var run = SessionRunner.RunAsync(new SsmClient(context), Options(), SessionModes.Create(terminal),
            new CliConsole(new StringReader(""), new StringWriter(), TextWriter.Synchronized(stderr)), CancellationToken.None);
        await peer.SendOutputAsync("$ ");
        var (type, _) = await peer.Received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(PayloadType.Size, type);
        await peer.SendOutputAsync("bye\r\n");
        await peer.SendExitCodeAsync(5);
        await peer.CloseChannelAsync("Exiting session with sessionId: sess-1.");
        Assert.Equal(5, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("$ bye\r\n"u8.ToArray(), terminal.Written);
        Assert.Equal(["AmazonSSM.StartSession", "AmazonSSM.TerminateSession"], ssm.Requests.Select(r => r.Http.Header("X-Amz-Target")));
        Assert.All(ssm.Requests, r => Assert.Null(r.SignatureFailure));
        Assert.Equal("testing", (string?)JsonNode.Parse(ssm.Requests[0].Body)!["Reason"]);
        Assert.Contains("Starting session with SessionId: sess-1", stderr.ToString());
    }

    [Fact]
    public async Task A_refused_start_prints_the_aws_error_and_exits_254()
    {
        await using var ssm = new FakeAwsEndpoint(Secrets, _ => new(400,
            """{"__type":"InvalidDocument","message":"Document AWS-Nope does not exist in your account"}"""));
        using var home = Home(ssm.Url);
        using var context = home.Context(new AwsCliOptions());
        var stderr = new StringWriter();
        var code = await SessionRunner.RunAsync(new SsmClient(context), Options("AWS-Nope"), SessionModes.Create(new FakeTerminal(false)),
            new CliConsole(new StringReader(""), new StringWriter(), stderr), CancellationToken.None);
        Assert.Equal(254, code);
        Assert.Equal("An error occurred (InvalidDocument) when calling the StartSession operation: Document AWS-Nope does not exist in your account",
            stderr.ToString().Trim());
    }

    [Fact]
    public async Task A_session_closed_before_it_started_prints_why_and_exits_255()
    {
        await using var peer = new FakeAgentPeer();
        await using var ssm = new FakeAwsEndpoint(Secrets, request => request.Http.Header("X-Amz-Target") == "AmazonSSM.StartSession"
            ? new(200, new JsonObject { ["SessionId"] = "sess-1", ["StreamUrl"] = peer.StreamUrl, ["TokenValue"] = "token-1" }.ToJsonString())
            : new(200, "{}"));
        using var home = Home(ssm.Url);
        using var context = home.Context(new AwsCliOptions());
        var stderr = new StringWriter();
        var run = SessionRunner.RunAsync(new SsmClient(context), Options(), SessionModes.Create(new FakeTerminal(false)),
            new CliConsole(new StringReader(""), new StringWriter(), TextWriter.Synchronized(stderr)), CancellationToken.None);
        while (peer.Opens.Count == 0) await Task.Delay(20);
        await peer.CloseChannelAsync("Unable to start the session: the Run As user sekisho-t-nobody does not exist on the node.");
        Assert.Equal(SessionRunner.FailedBeforeStart, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("the Run As user sekisho-t-nobody does not exist on the node.", stderr.ToString());
        Assert.Equal("AmazonSSM.TerminateSession", ssm.Requests[^1].Http.Header("X-Amz-Target"));
    }
}

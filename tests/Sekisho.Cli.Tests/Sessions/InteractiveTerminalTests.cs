using System.Text.Json.Nodes;
using Sekisho.Cli.Tests.Aws;
using Sekisho.TestSupport;

namespace Sekisho.Cli.Tests.Sessions;

/// <summary>
/// The real <c>sekisho session start</c> process in a real terminal (tmux), against an in-process SSM endpoint and
/// agent peer: raw mode (no local echo), the size on start and after a resize, the remote exit code, and the
/// terminal settings restored afterwards.
/// </summary>
public sealed class InteractiveTerminalTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Shell_in_tmux_types_resizes_and_exits_with_the_remote_code_leaving_the_terminal_as_it_was()
    {
        await using var peer = new FakeAgentPeer();
        var shell = new ScriptedShellPeer(peer);
        await using var ssm = new FakeAwsEndpoint(new Dictionary<string, string> { ["AKIDTMUX"] = "tmux-secret" }, request =>
            request.Http.Header("X-Amz-Target") switch
            {
                "AmazonSSM.StartSession" => new(200, new JsonObject { ["SessionId"] = "sess-1", ["StreamUrl"] = peer.StreamUrl, ["TokenValue"] = "token-1" }.ToJsonString()),
                _ => new(200, """{"SessionId":"sess-1"}"""),
            });
        using var home = new AwsHome()
            .Credentials("[tmux]\naws_access_key_id = AKIDTMUX\naws_secret_access_key = tmux-secret\n")
            .Config($"[profile tmux]\nregion = us-east-1\nendpoint_url = {ssm.Url}\n");
        await using var tmux = await TmuxSession.StartAsync(100, 30, home.Directory);

        var dll = Path.Combine(AppContext.BaseDirectory, "sekisho.dll");
        await tmux.SendKeysAsync("stty -g > before.stty; clear");
        await tmux.SendKeysAsync(
            $"env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_REGION -u AWS_ENDPOINT_URL HOME={home.Directory} " +
            $"AWS_PROFILE=tmux dotnet {dll} session start --target mi-0123456789abcdef0; echo \"EXIT\"\"=$?\"");
        await tmux.WaitForAsync(ScriptedShellPeer.Prompt, Wait);
        var (columns, rows) = await tmux.PaneSizeAsync();
        await shell.WaitForSizeAsync(s => s.Cols == columns && s.Rows == rows, Wait);

        await tmux.SendKeysAsync("whoami");
        var screen = await tmux.WaitForAsync("root", Wait);
        // Raw mode: the only echo is the remote one, so the command appears once, right after the prompt.
        Assert.Contains(ScriptedShellPeer.Prompt + "whoami\nroot\n", screen);

        await tmux.ResizeAsync(120, 40);
        var (newColumns, newRows) = await tmux.PaneSizeAsync();
        Assert.Equal(120, newColumns);
        await shell.WaitForSizeAsync(s => s.Cols == newColumns && s.Rows == newRows, Wait);

        await tmux.SendKeysAsync("exit 3");
        screen = await tmux.WaitForAsync("EXIT=", Wait);
        Assert.Contains("EXIT=3", screen);
        Assert.Contains("Exiting session with sessionId: sess-1.", screen);
        await shell.Loop.WaitAsync(Wait);

        await tmux.SendKeysAsync("[ \"$(stty -g)\" = \"$(cat before.stty)\" ] && echo TERMINAL-\"\"RESTORED || echo TERMINAL-\"\"CHANGED");
        screen = await tmux.WaitForAsync("TERMINAL-R", Wait);
        Assert.DoesNotContain("TERMINAL-CHANGED", screen);
        // The signed calls (session start also warms its connection up with an unsigned GET /healthz first).
        Assert.Equal(["AmazonSSM.StartSession", "AmazonSSM.TerminateSession"],
            ssm.Requests.Where(r => r.Authorization is not null).Select(r => r.Http.Header("X-Amz-Target")));
    }
}

using System.Security.Cryptography;
using System.Text;
using Sekisho.Cli.Aws;
using Sekisho.Cli.Sessions;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Tests.Sessions;

public sealed class DataChannelClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static readonly SessionStartOptions Options = new("mi-0123456789abcdef0", null,
        new Dictionary<string, IReadOnlyList<string>>(), null, new AwsCliOptions());

    private static DataChannelClient Client(FakeAgentPeer peer, TextWriter? log = null, Func<CancellationToken, Task<SessionStream>>? resume = null) =>
        new(new DataChannelClientOptions(peer.InitialStream, resume ?? (_ => Task.FromResult(peer.Resume())))
        {
            ResumeBackoff = TimeSpan.FromMilliseconds(20),
            Log = log,
        });

    private static CliConsole Console(StringWriter stderr) => new(new StringReader(""), new StringWriter(), stderr);

    [Fact]
    public async Task Shell_moves_bytes_both_ways_sends_sizes_and_exits_with_the_remote_code()
    {
        await using var peer = new FakeAgentPeer();
        await using var client = Client(peer);
        var terminal = new FakeTerminal(isTerminal: true, new TerminalSize(120, 40));
        var stderr = new StringWriter();
        await client.ConnectAsync(CancellationToken.None);
        await peer.SendOutputAsync("$ ");
        var session = await client.SessionType.WaitAsync(Timeout);
        // The output reached the client, so the peer has accepted the open frame.
        Assert.Equal("token-1", Assert.Single(peer.Opens).TokenValue);
        Assert.Equal(DataChannelVersions.Client, peer.Opens[0].ClientVersion);
        Assert.Equal(SessionTypes.StandardStream, session.SessionType);
        var mode = SessionModes.Select(SessionModes.Create(terminal), session, Options);
        Assert.IsType<ShellSessionMode>(mode);
        var run = mode.RunAsync(client, Options, Console(stderr), CancellationToken.None);

        var (firstType, firstPayload) = await peer.Received.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(PayloadType.Size, firstType);
        Assert.Equal(new TerminalSize(120, 40), DataChannelPayloads.ReadTerminalSize(firstPayload));

        await terminal.TypeAsync("whoami\r"u8.ToArray());
        Assert.Equal("whoami\r"u8.ToArray(), await peer.ReadBytesAsync(PayloadType.Output, 7, Timeout));
        terminal.Resize(new TerminalSize(100, 30));
        var (resizeType, resizePayload) = await peer.Received.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(PayloadType.Size, resizeType);
        Assert.Equal(new TerminalSize(100, 30), DataChannelPayloads.ReadTerminalSize(resizePayload));

        // A three-byte character split across two payloads must reach stdout whole.
        var snowman = "☃"u8.ToArray();
        await peer.SendOutputAsync("whoami\r\nroot\r\n");
        await peer.SendAsync(PayloadType.Output, snowman[..1]);
        await peer.SendAsync(PayloadType.Output, snowman[1..]);
        await peer.SendExitCodeAsync(3);
        await peer.CloseChannelAsync("Exiting session with sessionId: sess-1.");

        Assert.Equal(3, await run.WaitAsync(Timeout));
        Assert.Equal([.. "$ whoami\r\nroot\r\n"u8.ToArray(), .. snowman], terminal.Written);
        Assert.Equal((1, 1), (terminal.RawModeEntered, terminal.RawModeLeft));
        Assert.Contains("Exiting session with sessionId: sess-1.", stderr.ToString());
    }

    [Fact]
    public async Task Shell_without_a_terminal_sends_no_size_and_ends_input_with_ctrl_d()
    {
        await using var peer = new FakeAgentPeer();
        await using var client = Client(peer);
        var terminal = new FakeTerminal(isTerminal: false);
        await client.ConnectAsync(CancellationToken.None);
        await peer.SendOutputAsync("$ ");
        var mode = new ShellSessionMode(terminal);
        var run = mode.RunAsync(client, Options, Console(new StringWriter()), CancellationToken.None);
        await terminal.TypeAsync("id -u\n"u8.ToArray());
        await terminal.CloseInputAsync();
        var (type, payload) = await peer.Received.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(PayloadType.Output, type);
        var input = new List<byte>(payload);
        while (!input.Contains(0x04))
        {
            var next = await peer.Received.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
            Assert.Equal(PayloadType.Output, next.Type);
            input.AddRange(next.Payload);
        }
        Assert.Equal([.. "id -u\n"u8.ToArray(), 0x04], input);
        await peer.SendExitCodeAsync(0);
        await peer.CloseChannelAsync("");
        Assert.Equal(0, await run.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Non_interactive_command_prints_stdout_and_stderr_and_exits_with_its_code()
    {
        await using var peer = new FakeAgentPeer(SessionTypes.NonInteractiveCommands);
        await using var client = Client(peer);
        var terminal = new FakeTerminal(isTerminal: false);
        var stderr = new StringWriter();
        await client.ConnectAsync(CancellationToken.None);
        var session = await client.SessionType.WaitAsync(Timeout);
        Assert.Equal(SessionTypes.NonInteractiveCommands, session.RequestedSessionType);
        Assert.Equal(DataChannelVersions.Agent, session.AgentVersion);
        await peer.HandshakeDone.WaitAsync(Timeout);
        var mode = SessionModes.Select(SessionModes.Create(terminal), session, Options);
        Assert.IsType<NonInteractiveSessionMode>(mode);
        var run = mode.RunAsync(client, Options, Console(stderr), CancellationToken.None);
        await peer.SendOutputAsync("sekisho-t-user\n");
        await peer.SendAsync(PayloadType.StdErr, "warning: something\n"u8.ToArray());
        await peer.SendExitCodeAsync(7);
        await peer.CloseChannelAsync("");
        Assert.Equal(7, await run.WaitAsync(Timeout));
        Assert.Equal("sekisho-t-user\n"u8.ToArray(), terminal.Written);
        Assert.Contains("warning: something\n", stderr.ToString());
    }

    [Fact]
    public async Task Data_before_the_handshake_completes_is_dropped_as_the_stock_plugin_does()
    {
        await using var peer = new FakeAgentPeer(SessionTypes.NonInteractiveCommands);
        await using var client = Client(peer);
        await client.ConnectAsync(CancellationToken.None);
        await client.SessionType.WaitAsync(Timeout);
        await peer.SendOutputAsync("after");
        var reader = client.Stream.Input;
        var result = await reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal("after", Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(result.Buffer)));
        reader.AdvanceTo(result.Buffer.End);
    }

    [Fact]
    public async Task Channel_closed_ends_the_session_and_its_text_is_printed()
    {
        await using var peer = new FakeAgentPeer();
        await using var client = Client(peer);
        var terminal = new FakeTerminal(isTerminal: true, new TerminalSize(80, 24));
        var stderr = new StringWriter();
        await client.ConnectAsync(CancellationToken.None);
        await peer.SendOutputAsync("$ ");
        var session = await client.SessionType.WaitAsync(Timeout);
        var run = new ShellSessionMode(terminal).RunAsync(client, Options, Console(stderr), CancellationToken.None);
        await peer.CloseChannelAsync("Session sess-1 was terminated by an administrator.");
        Assert.Equal(0, await run.WaitAsync(Timeout));
        var end = await client.Completion.WaitAsync(Timeout);
        Assert.Equal("Session sess-1 was terminated by an administrator.", end.ChannelClosedOutput);
        Assert.Null(end.Error);
        Assert.Contains("Session sess-1 was terminated by an administrator.", stderr.ToString());
        Assert.Equal(0, client.Reconnects);
    }

    [Fact]
    public async Task A_socket_cut_mid_output_resumes_with_a_new_token_and_every_byte_once_in_both_directions()
    {
        await using var peer = new FakeAgentPeer();
        var log = new StringWriter();
        var resumes = 0;
        await using var client = Client(peer, TextWriter.Synchronized(log), _ =>
        {
            Interlocked.Increment(ref resumes);
            return Task.FromResult(peer.Resume());
        });
        await client.ConnectAsync(CancellationToken.None);
        var down = RandomNumberGenerator.GetBytes(300 * 1024);
        var up = RandomNumberGenerator.GetBytes(200 * 1024);
        peer.CutAfterFrames = 40;

        var received = new MemoryStream();
        var reading = Task.Run(async () =>
        {
            var reader = client.Stream.Input;
            while (received.Length < down.Length)
            {
                var result = await reader.ReadAsync();
                foreach (var segment in result.Buffer) received.Write(segment.Span);
                reader.AdvanceTo(result.Buffer.End);
            }
        });
        var sending = Task.Run(async () =>
        {
            for (var offset = 0; offset < down.Length; offset += 1024)
            {
                await peer.SendAsync(PayloadType.Output, down[offset..Math.Min(offset + 1024, down.Length)]);
                if (offset == 150 * 1024)
                {
                    // The second cut comes on the resumed socket, while it resends what the first cut left unacknowledged.
                    while (peer.Cuts == 0) await Task.Delay(5);
                    peer.CutAfterFrames = 5;
                }
            }
        });
        await client.Stream.Output.WriteAsync(up);
        await client.Stream.Output.FlushAsync();

        var upReceived = await peer.ReadBytesAsync(PayloadType.Output, up.Length, TimeSpan.FromSeconds(60));
        await Task.WhenAll(reading, sending).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(down.Length, received.Length);
        Assert.True(down.AsSpan().SequenceEqual(received.ToArray()), "output bytes differ after the resume");
        Assert.True(up.AsSpan().SequenceEqual(upReceived), "input bytes differ after the resume");
        Assert.Equal(2, peer.Cuts);
        Assert.Equal(2, client.Reconnects);
        Assert.Equal(2, resumes);
        Assert.Equal(["token-1", "token-2", "token-3"], peer.Opens.Select(o => o.TokenValue));
        Assert.Single(peer.Opens.Select(o => o.ClientId).Distinct());
        Assert.Contains("resuming", log.ToString());
    }

    [Fact]
    public async Task A_refused_resume_ends_the_session_with_the_aws_error()
    {
        await using var peer = new FakeAgentPeer();
        await using var client = Client(peer, resume: _ => throw new AwsServiceException("InvalidDocument", "Session sess-1 is terminated",
            "ResumeSession", System.Net.HttpStatusCode.BadRequest));
        var terminal = new FakeTerminal(isTerminal: false);
        var stderr = new StringWriter();
        await client.ConnectAsync(CancellationToken.None);
        await peer.SendOutputAsync("$ ");
        await client.SessionType.WaitAsync(Timeout);
        var run = new ShellSessionMode(terminal).RunAsync(client, Options, Console(stderr), CancellationToken.None);
        peer.CutAfterFrames = 0;
        await peer.SendOutputAsync("lost?");
        Assert.Equal(255, await run.WaitAsync(Timeout));
        Assert.Contains("An error occurred (InvalidDocument) when calling the ResumeSession operation: Session sess-1 is terminated", stderr.ToString());
    }
}

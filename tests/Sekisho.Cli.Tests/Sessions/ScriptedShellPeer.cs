using System.Text;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Cli.Tests.Sessions;

/// <summary>
/// A pretend remote shell on a <see cref="FakeAgentPeer"/>: echoes keystrokes, answers <c>whoami</c> with
/// <c>root</c>, ends with <c>exit N</c> (ExitCode N, then channel_closed), and records every Size it receives.
/// </summary>
internal sealed class ScriptedShellPeer
{
    public const string Prompt = "fake$ ";

    private readonly FakeAgentPeer _peer;
    private readonly List<TerminalSize> _sizes = [];
    private readonly Lock _gate = new();

    public ScriptedShellPeer(FakeAgentPeer peer)
    {
        _peer = peer;
        Loop = RunAsync();
    }

    public Task Loop { get; }

    public IReadOnlyList<TerminalSize> Sizes
    {
        get
        {
            lock (_gate) return [.. _sizes];
        }
    }

    public async Task<TerminalSize> WaitForSizeAsync(Func<TerminalSize, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var size in Sizes)
            {
                if (match(size)) return size;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"no matching Size arrived; got: {string.Join(", ", Sizes)}");
    }

    private async Task RunAsync()
    {
        await _peer.SendOutputAsync(Prompt);
        var line = new StringBuilder();
        while (true)
        {
            var (type, payload) = await _peer.Received.Reader.ReadAsync();
            if (type == PayloadType.Size)
            {
                lock (_gate) _sizes.Add(DataChannelPayloads.ReadTerminalSize(payload));
                continue;
            }
            if (type != PayloadType.Output) continue;
            foreach (var b in payload)
            {
                if (b != (byte)'\r')
                {
                    line.Append((char)b);
                    await _peer.SendAsync(PayloadType.Output, [b]);
                    continue;
                }
                var command = line.ToString();
                line.Clear();
                await _peer.SendOutputAsync("\r\n");
                if (command == "whoami")
                {
                    await _peer.SendOutputAsync("root\r\n");
                }
                else if (command.StartsWith("exit ", StringComparison.Ordinal))
                {
                    await _peer.SendExitCodeAsync(int.Parse(command[5..], System.Globalization.CultureInfo.InvariantCulture));
                    await _peer.CloseChannelAsync("Exiting session with sessionId: sess-1.");
                    return;
                }
                else
                {
                    await _peer.SendOutputAsync($"unknown: {command}\r\n");
                }
                await _peer.SendOutputAsync(Prompt);
            }
        }
    }
}

using System.Diagnostics;

namespace Sekisho.TestSupport;

/// <summary>
/// A detached tmux session on its own server socket, for driving interactive commands as a person would: type with
/// <see cref="SendKeysAsync"/>, read the screen with <see cref="CaptureAsync"/>, resize the window. Needs tmux.
/// </summary>
public sealed class TmuxSession : IAsyncDisposable
{
    private readonly string _socket = "sekisho-test-" + Guid.NewGuid().ToString("N")[..12];

    private TmuxSession()
    {
    }

    public const string Name = "t";

    /// <summary>Starts <c>bash --norc</c> in a window of <paramref name="columns"/> x <paramref name="rows"/>.</summary>
    public static async Task<TmuxSession> StartAsync(int columns, int rows, string workingDirectory)
    {
        var session = new TmuxSession();
        await session.RunAsync("new-session", "-d", "-s", Name, "-x", columns.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-y", rows.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", workingDirectory, "bash --norc --noprofile");
        await session.RunAsync("set-option", "-t", Name, "status", "off");
        return session;
    }

    /// <summary>Types <paramref name="text"/> literally, then Enter when asked.</summary>
    public async Task SendKeysAsync(string text, bool enter = true)
    {
        await RunAsync("send-keys", "-t", Name, "-l", text);
        if (enter) await RunAsync("send-keys", "-t", Name, "Enter");
    }

    /// <summary>The visible screen and scrollback, lines joined with \n.</summary>
    public async Task<string> CaptureAsync() => await RunAsync("capture-pane", "-p", "-J", "-S", "-200", "-t", Name);

    /// <summary>Waits until the screen contains <paramref name="text"/>; the failure message shows the screen.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var screen = await CaptureAsync();
            if (screen.Contains(text, StringComparison.Ordinal)) return screen;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"'{text}' did not appear within {timeout}; the screen:\n{screen}");
            await Task.Delay(100);
        }
    }

    public Task ResizeAsync(int columns, int rows) =>
        RunAsync("resize-window", "-t", Name, "-x", columns.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-y", rows.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The pane's size as tmux reports it (what the program in it sees).</summary>
    public async Task<(int Columns, int Rows)> PaneSizeAsync()
    {
        var text = (await RunAsync("display-message", "-p", "-t", Name, "#{pane_width} #{pane_height}")).Trim().Split(' ');
        return (int.Parse(text[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(text[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task<string> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-L");
        psi.ArgumentList.Add(_socket);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start tmux (is it installed?)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }
}

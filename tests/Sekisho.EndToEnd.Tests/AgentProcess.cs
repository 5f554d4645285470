using System.Diagnostics;
using System.Text;

namespace Sekisho.EndToEnd.Tests;

/// <summary>A real <c>sekisho agent run</c> process; its stderr (one line per event) is kept for assertions.</summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly Lock _gate = new();

    private AgentProcess(Process process) => _process = process;

    public string Log { get { lock (_gate) { return _log.ToString(); } } }

    public bool HasExited => _process.HasExited;

    public static AgentProcess Start(string stateDir)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "sekisho.dll"), "agent", "run", "--state-dir", stateDir })
            psi.ArgumentList.Add(a);
        var agent = new AgentProcess(Process.Start(psi) ?? throw new InvalidOperationException("cannot start the agent"));
        agent._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (agent._gate) agent._log.AppendLine(e.Data);
        };
        agent._process.OutputDataReceived += (_, _) => { };
        agent._process.BeginErrorReadLine();
        agent._process.BeginOutputReadLine();
        return agent;
    }

    public async Task WaitForLogAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Log.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited) throw new InvalidOperationException($"the agent exited ({_process.ExitCode}) before logging '{text}':\n{Log}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the agent did not log '{text}' within {timeout}:\n{Log}");
            await Task.Delay(100);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

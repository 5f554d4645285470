using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Sekisho.Protocol.Signing;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// A running <c>sekisho session start</c> of a port or SSH session (credentials in the environment only), its stdout
/// and stderr kept, the session id read from the plugin's <c>Port N opened for sessionId S.</c> line.
/// </summary>
public sealed partial class PortSessionProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private PortSessionProcess(Process process) => _process = process;

    public string Stdout { get { lock (_gate) return _stdout.ToString(); } }

    public string Stderr { get { lock (_gate) return _stderr.ToString(); } }

    public bool HasExited => _process.HasExited;

    /// <summary>The session id once the port is open, else empty.</summary>
    public string SessionId => OpenedLine().Match(Stdout) is { Success: true } m ? m.Groups[2].Value : "";

    /// <summary>The local port once it is open (the one chosen for <c>localPortNumber=0</c>), else 0.</summary>
    public int LocalPort => OpenedLine().Match(Stdout) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <param name="environment">Variables set over the session's own (e.g. AWS_ENDPOINT_URL through a proxy); a null value removes one.</param>
    public static PortSessionProcess Start(ServerProcess server, SigV4Credentials credentials, string target, string document, string parameters,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        // Standard input is a pipe left open, as a terminal or ssh (for a ProxyCommand) leaves it: at its end an SSH
        // session's client would stop, taking it for ssh being done.
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { SekishoSession.Dll, "session", "start", "--target", target, "--document-name", document, "--parameters", parameters })
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in SekishoSession.Environment(server, credentials)) psi.Environment[k] = v;
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>())
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        var session = new PortSessionProcess(Process.Start(psi) ?? throw new InvalidOperationException("cannot start sekisho session start"));
        session._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (session._gate) session._stdout.AppendLine(e.Data); };
        session._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (session._gate) session._stderr.AppendLine(e.Data); };
        session._process.BeginOutputReadLine();
        session._process.BeginErrorReadLine();
        return session;
    }

    /// <summary>Waits for <c>Waiting for connections</c>; fails with both outputs when the client exits first or it takes too long.</summary>
    public async Task WaitForTunnelAsync(TimeSpan timeout, string context)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Stdout.Contains("Waiting for connections", StringComparison.Ordinal))
        {
            if (_process.HasExited) Assert.Fail($"the client exited ({_process.ExitCode}) before the tunnel opened:\n{this}\n{context}");
            Assert.True(DateTime.UtcNow < deadline, $"the tunnel did not open within {timeout}:\n{this}\n{context}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits for the client's exit (reading the last of its output) and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the client did not exit within {timeout}:\n{this}");
        }
        return _process.ExitCode;
    }

    public override string ToString() => $"stdout:\n{Stdout}\nstderr:\n{Stderr}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"^Port (\d+) opened for sessionId (\S+?)\.?\s*$", RegexOptions.Multiline)]
    private static partial Regex OpenedLine();
}

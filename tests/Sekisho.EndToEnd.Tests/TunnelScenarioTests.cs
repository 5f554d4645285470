using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// Issue 6 end to end with real processes: <c>sekisho dev</c> (server + this machine as a node, needs root), a port
/// forward on local port 18080 fetched with curl, and ssh/scp/sftp through the AWS-StartSSHSession ProxyCommand to an
/// OpenSSH server the test starts on loopback for a test OS user, with a plain shell refused (scenario 3).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class TunnelScenarioTests : IAsyncLifetime
{
    private static readonly string Sekisho = Path.Combine(AppContext.BaseDirectory, "sekisho.dll");
    private readonly string _data = Directory.CreateTempSubdirectory("sekisho-e2e-tunnels-").FullName;
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);
    private Process? _dev;
    private string _node = "";

    public async Task InitializeAsync()
    {
        Assert.True(Environment.IsPrivilegedProcess, "these tests run sekisho dev's agent, which needs root");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Sekisho, "dev", "--data", Path.Combine(_data, "dev") })
        {
            start.ArgumentList.Add(arg);
        }
        _dev = Process.Start(start)!;
        _dev.ErrorDataReceived += (_, _) => { };
        _dev.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var output = new StringBuilder();
        while (await _dev.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            output.AppendLine(line);
            if (ExportLine().Match(line) is { Success: true } export)
            {
                _environment[export.Groups[1].Value] = export.Groups[2].Value;
            }
            if (line.Contains("Ctrl-C stops the server", StringComparison.Ordinal))
            {
                break;
            }
        }
        _node = NodeId().Match(output.ToString()).Value;
        Assert.True(_node.Length > 0, "sekisho dev did not register this machine:\n" + output);
        _ = DrainAsync(_dev.StandardOutput);
        _environment["AWS_CONFIG_FILE"] = "/dev/null";
        _environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
    }

    public async Task DisposeAsync()
    {
        if (_dev is { HasExited: false })
        {
            _dev.Kill(entireProcessTree: true);
            await _dev.WaitForExitAsync();
        }
        _dev?.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Port_forward_on_18080_serves_the_page_to_curl()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var page = $"hello from the node {Guid.NewGuid():N}";
        await using var web = WebPageServer.Start(page);
        using var session = StartSekisho("session", "start", "--target", _node, "--document-name", "AWS-StartPortForwardingSession",
            "--parameters", $"portNumber={web.Port},localPortNumber=18080");
        try
        {
            await WaitForLineAsync(session, "Waiting for connections...", cts.Token);
            var curl = await RunAsync("curl", ["-sS", "--max-time", "30", "http://127.0.0.1:18080/"], cts.Token);
            Assert.Equal(0, curl.ExitCode);
            Assert.Equal(page, curl.Output);
        }
        finally
        {
            session.Kill(entireProcessTree: true);
            await session.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Scenario 3's SSH step: Run As on with no default OS user, so this principal (sekisho dev's administrator, with no
    /// SSMSessionRunAs tag) cannot open a plain shell, yet ssh (with its own ProxyCommand and through sekisho ssh), scp and
    /// sftp through the ProxyCommand work as the OS user whose key is used.
    /// </summary>
    [Fact]
    public async Task Ssh_scp_and_sftp_go_through_the_proxy_command_as_the_key_owner_while_a_plain_shell_is_refused()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        const string User = "sekisho-t-tunnel";
        var dir = Path.Combine(_data, "ssh");
        Directory.CreateDirectory(dir);
        await RunCheckedAsync("useradd", ["-m", "-s", "/bin/sh", User], cts.Token);
        Process? sshd = null;
        try
        {
            // Each test has its own sekisho dev and data folder: nothing to restore afterwards.
            await ShellPreferences.SetAsync(AdminCliAsync, """{"schemaVersion":"1.0","description":"scenario 3","sessionType":"Standard_Stream","inputs":{"runAsEnabled":true,"runAsDefaultUser":""}}""");
            var shell = await RunAsync("dotnet", [Sekisho, "session", "start", "--target", _node], cts.Token, _environment);
            Assert.True(shell.ExitCode == 254, $"a plain shell was not refused: exit {shell.ExitCode}\n{shell.Output}\n{shell.Error}");
            Assert.Contains("Run As is enabled", shell.Error, StringComparison.Ordinal);
            Assert.Contains("has no SSMSessionRunAs tag", shell.Error, StringComparison.Ordinal);

            // A new account's password is locked ("!"), and sshd without PAM refuses locked accounts even for keys.
            await RunCheckedAsync("usermod", ["-p", "*", User], cts.Token);
            await RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(dir, "host_key")], cts.Token);
            await RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(dir, "client_key")], cts.Token);
            File.Copy(Path.Combine(dir, "client_key.pub"), Path.Combine(dir, "authorized_keys"));
            // sshd reads AuthorizedKeysFile as the user logging in: the key file and its folders must be readable by them.
            const UnixFileMode Traversable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                             UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            File.SetUnixFileMode(_data, Traversable);
            File.SetUnixFileMode(dir, Traversable);
            File.SetUnixFileMode(Path.Combine(dir, "authorized_keys"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var port = FreePort();
            await File.WriteAllTextAsync(Path.Combine(dir, "sshd_config"), $"""
                Port {port}
                ListenAddress 127.0.0.1
                HostKey {dir}/host_key
                AuthorizedKeysFile {dir}/authorized_keys
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                StrictModes no
                AllowUsers {User}
                Subsystem sftp internal-sftp
                PidFile {dir}/sshd.pid

                """, cts.Token);
            Directory.CreateDirectory("/run/sshd");
            sshd = Process.Start(new ProcessStartInfo("/usr/sbin/sshd", ["-D", "-e", "-f", Path.Combine(dir, "sshd_config")])
            {
                UseShellExecute = false, RedirectStandardError = true,
            })!;
            sshd.ErrorDataReceived += (_, _) => { };
            sshd.BeginErrorReadLine();
            await WaitForPortAsync(port, cts.Token);

            var proxy = $"dotnet {Sekisho} session start --target %h --document-name AWS-StartSSHSession --parameters portNumber=%p";
            string[] keyOptions = ["-i", Path.Combine(dir, "client_key"), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-o", "BatchMode=yes"];
            string[] common = [.. keyOptions, "-o", $"ProxyCommand={proxy}"];
            var port2 = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var ssh = await RunAsync("ssh", [.. common, "-p", port2, $"{User}@{_node}", "id -un"], cts.Token, _environment);
            Assert.True(ssh.ExitCode == 0, $"ssh failed: {ssh.Error}");
            Assert.Equal(User, ssh.Output.Trim());

            // The same through `sekisho ssh`, which sets the ProxyCommand itself, with ssh's options before the node as
            // ssh takes them.
            var wrapped = await RunAsync("dotnet", [Sekisho, "ssh", .. keyOptions, "-p", port2, $"{User}@{_node}", "id -un"], cts.Token, _environment);
            Assert.True(wrapped.ExitCode == 0, $"sekisho ssh failed: exit {wrapped.ExitCode}\n{wrapped.Error}");
            Assert.Equal(User, wrapped.Output.Trim());

            var source = Path.Combine(dir, "payload");
            var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 5);
            await File.WriteAllBytesAsync(source, data, cts.Token);
            var up = await RunAsync("scp", [.. common, "-P", port2, source, $"{User}@{_node}:payload.up"], cts.Token, _environment);
            Assert.True(up.ExitCode == 0, $"scp up failed: {up.Error}");
            var back = Path.Combine(dir, "payload.back");
            var down = await RunAsync("scp", [.. common, "-P", port2, $"{User}@{_node}:payload.up", back], cts.Token, _environment);
            Assert.True(down.ExitCode == 0, $"scp down failed: {down.Error}");
            Assert.Equal(SHA256.HashData(data), SHA256.HashData(await File.ReadAllBytesAsync(back, cts.Token)));

            var viaSftp = Path.Combine(dir, "payload.sftp");
            var batch = Path.Combine(dir, "sftp-batch");
            await File.WriteAllTextAsync(batch, $"get payload.up {viaSftp}\n", cts.Token);
            var sftp = await RunAsync("sftp", [.. common, "-P", port2, "-b", batch, $"{User}@{_node}"], cts.Token, _environment);
            Assert.True(sftp.ExitCode == 0, $"sftp failed: {sftp.Error}");
            Assert.Equal(SHA256.HashData(data), SHA256.HashData(await File.ReadAllBytesAsync(viaSftp, cts.Token)));
        }
        finally
        {
            if (sshd is { HasExited: false })
            {
                sshd.Kill(entireProcessTree: true);
                await sshd.WaitForExitAsync(CancellationToken.None);
            }
            sshd?.Dispose();
            await RunAsync("userdel", ["-r", "-f", User], CancellationToken.None);
        }
    }

    private Process StartSekisho(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Sekisho);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }
        start.Environment.Remove("AWS_PROFILE");
        start.Environment.Remove("AWS_SESSION_TOKEN");
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForLineAsync(Process process, string text, CancellationToken cancellationToken)
    {
        var seen = new StringBuilder();
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            seen.AppendLine(line);
            if (line.Contains(text, StringComparison.Ordinal))
            {
                _ = DrainAsync(process.StandardOutput);
                return;
            }
        }
        Assert.Fail($"the process ended without printing '{text}':\n{seen}");
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        var buffer = new char[4096];
        while (await reader.ReadAsync(buffer) > 0)
        {
        }
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static async Task WaitForPortAsync(int port, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    private sealed record Run(int ExitCode, string Output, string Error);

    /// <summary>The AWS CLI as sekisho dev's administrator (its exports), JSON output parsed.</summary>
    private async Task<JsonElement> AdminCliAsync(string[] args)
    {
        AwsCli.Require();
        var result = await RunAsync(AwsCli.Path, ["--endpoint-url", _environment["AWS_ENDPOINT_URL"], "--output", "json", .. args], CancellationToken.None, _environment);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', args)}: {result.Error}");
        if (result.Output.Trim().Length == 0) return default;
        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.Clone();
    }

    private static async Task<Run> RunAsync(string file, string[] args, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // ssh passes its environment to the ProxyCommand: the sekisho dev credentials go there.
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new Run(process.ExitCode, await output, await error);
    }

    private static async Task RunCheckedAsync(string file, string[] args, CancellationToken cancellationToken)
    {
        var run = await RunAsync(file, args, cancellationToken);
        Assert.True(run.ExitCode == 0, $"{file} failed ({run.ExitCode}): {run.Error}");
    }

    [GeneratedRegex("^export (AWS_[A-Z_]+)=(.*)$")]
    private static partial Regex ExportLine();

    [GeneratedRegex("mi-[0-9a-f]{17}")]
    private static partial Regex NodeId();
}

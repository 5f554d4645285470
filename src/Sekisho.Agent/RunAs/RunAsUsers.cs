using System.Diagnostics;
using Sekisho.Agent.Native;
using Sekisho.Agent.Sessions;
using Sekisho.Protocol.AgentChannel;

namespace Sekisho.Agent.RunAs;

/// <summary>
/// Decides the OS user a session runs as (the server already chose the name): it must exist, root only when the
/// document allows it, and the default user is created on first use with sudo only when the server says so.
/// </summary>
public sealed class RunAsUsers
{
    private readonly RunAsOptions _options;
    private readonly AgentLog _log;
    private readonly SemaphoreSlim _create = new(1, 1);

    public RunAsUsers(RunAsOptions? options = null, AgentLog? log = null)
    {
        _options = options ?? new RunAsOptions();
        _log = log ?? AgentLog.Null;
    }

    public RunAsOptions Options => _options;

    /// <exception cref="SessionFailedException">The user does not exist, is root without permission, or cannot be created.</exception>
    internal async Task<OsUser> ResolveAsync(AgentControlMessage start, string instanceId, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrEmpty(start.RunAsUser) ? _options.DefaultUser : start.RunAsUser;
        OsUser? user;
        if (name == _options.DefaultUser)
        {
            user = await EnsureDefaultUserAsync(start.SsmUserSudo, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            user = PasswordDatabase.Find(name) ?? throw new SessionFailedException(
                $"OS user '{name}' does not exist on node {instanceId}: create it or change the SSMSessionRunAs tag / runAsDefaultUser");
        }
        if (user.Uid == 0 && !start.AllowRoot)
        {
            throw new SessionFailedException(
                $"Run As user '{name}' is root (uid 0) on node {instanceId}, and sessions as root are refused unless the session document allows it: choose another user (SSMSessionRunAs tag / runAsDefaultUser)");
        }
        return user;
    }

    private async Task<OsUser> EnsureDefaultUserAsync(bool sudo, CancellationToken cancellationToken)
    {
        await _create.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var user = PasswordDatabase.Find(_options.DefaultUser);
            if (user is null)
            {
                await RunUserAddAsync(cancellationToken).ConfigureAwait(false);
                user = PasswordDatabase.Find(_options.DefaultUser)
                       ?? throw new SessionFailedException($"useradd reported success but OS user '{_options.DefaultUser}' is still missing");
                _log.Info($"created OS user {_options.DefaultUser} (uid {user.Uid})");
            }
            SetSudo(sudo);
            return user;
        }
        finally
        {
            _create.Release();
        }
    }

    private async Task RunUserAddAsync(CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(_options.UserAdd)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-m", "-s", "/bin/bash", _options.DefaultUser])
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi) ?? throw new SessionFailedException($"could not start {_options.UserAdd}");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new SessionFailedException(
                $"could not create OS user '{_options.DefaultUser}' (useradd exit code {process.ExitCode}: {(await stderr.ConfigureAwait(false)).Trim()})");
        }
    }

    /// <summary>Writes the sudoers drop-in when allowed, and removes a leftover one when not.</summary>
    private void SetSudo(bool sudo)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Run As users are Linux users");
        }
        var path = _options.SudoersFile;
        if (!sudo)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
                _log.Info($"removed {path}: sudo for {_options.DefaultUser} is not allowed by the server");
            }
            return;
        }
        var content = $"# Written by sekisho agent: the server allows {_options.DefaultUser} to use sudo (SsmUserSudo).\n{_options.DefaultUser} ALL=(ALL) NOPASSWD:ALL\n";
        if (File.Exists(path) && File.ReadAllText(path) == content)
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var temp = path + ".tmp";
        // sudo ignores drop-ins with a dot in the name, so the temporary file is never read half written.
        File.WriteAllText(temp, content);
        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        File.Move(temp, path, overwrite: true);
        _log.Info($"wrote {path}: {_options.DefaultUser} may use sudo");
    }
}

using System.Diagnostics;
using Sekisho.Agent.Native;
using Sekisho.Agent.Sessions;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Agent.Workers;

/// <summary>
/// Runs a login shell (or a command) as an OS user on a new PTY and connects it to a session: output out as Output
/// payloads, keystrokes and Size payloads in, the exit code back. The child gets the PTY's slave as its controlling
/// terminal through <c>setsid --ctty</c> with its stdio opened on the slave, then <c>runuser -l</c> gives it the
/// user's login environment (HOME, SHELL, USER, LOGNAME, PATH, groups, home directory) keeping only TERM.
/// </summary>
internal static class PtySession
{
    private const string Setsid = "/usr/bin/setsid";
    private const string RunUser = "/usr/sbin/runuser";
    private static readonly TimeSpan HangupGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(SessionWorkerContext context, OsUser user, string? command, string? profile,
        CancellationToken cancellationToken)
    {
        using var pty = PseudoTerminal.Open(80, 24);
        using var process = Start(pty.SlavePath, user.Name, command);
        var sessionId = process.Id;
        context.Log.Info($"session {context.SessionId}: {(command is null ? "shell" : "command")} as {user.Name} on {pty.SlavePath} (pid {sessionId})");
        context.ReportStarted();
        if (!string.IsNullOrWhiteSpace(profile))
        {
            // As the stock agent does: the profile is typed into the shell, so its aliases and functions stay defined.
            pty.Write(System.Text.Encoding.UTF8.GetBytes(profile.ReplaceLineEndings("\n").TrimEnd('\n') + "\n"));
        }

        using var inputStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var output = PumpOutputAsync(context, pty);
        var input = PumpInputAsync(context, pty, inputStop.Token);
        var exited = process.WaitForExitAsync(CancellationToken.None);
        try
        {
            await exited.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Terminated: hang the terminal up as a closed SSH connection would, then kill what ignores SIGHUP
            // (the shell, or a background job still handling it or nohup'ed) once the grace is over.
            pty.Dispose();
            if (!await SessionEndsWithinAsync(sessionId, exited, HangupGrace).ConfigureAwait(false))
            {
                SessionProcesses.Signal(sessionId, Libc.SigKill);
                await exited.ConfigureAwait(false);
            }
        }
        // Background jobs still holding the terminal keep the output open: give them a moment, then end them.
        if (!await CompletesWithinAsync(output, DrainGrace).ConfigureAwait(false))
        {
            SessionProcesses.Signal(sessionId, Libc.SigKill);
            if (!await CompletesWithinAsync(output, DrainGrace).ConfigureAwait(false))
            {
                pty.Dispose();
            }
        }
        await inputStop.CancelAsync().ConfigureAwait(false);
        await IgnoreCancellation(input).ConfigureAwait(false);
        await IgnoreCancellation(output).ConfigureAwait(false);
        return process.ExitCode;
    }

    private static Process Start(string slavePath, string user, string? command)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        psi.Environment["TERM"] = "xterm-256color";
        // $0 = slave path, $1 = user, $2 = command. The child is not a process group leader, so setsid does not fork
        // and its pid is the new session's id.
        var script = command is null
            ? $"exec {DefaultSignals.Env} {DefaultSignals.Option} {Setsid} --ctty {RunUser} -l \"$1\" <\"$0\" >\"$0\" 2>&1"
            : $"exec {DefaultSignals.Env} {DefaultSignals.Option} {Setsid} --ctty {RunUser} -l \"$1\" -c \"$2\" <\"$0\" >\"$0\" 2>&1";
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(slavePath);
        psi.ArgumentList.Add(user);
        if (command is not null)
        {
            psi.ArgumentList.Add(command);
        }
        return Process.Start(psi) ?? throw new SessionFailedException("could not start /bin/sh for the session");
    }

    private static async Task PumpOutputAsync(SessionWorkerContext context, PseudoTerminal pty)
    {
        var buffer = new byte[ClientMessageLayoutChunk];
        while (true)
        {
            // The master blocks on read; keep that off the caller's thread.
            var n = await Task.Run(() => SafeRead(pty, buffer)).ConfigureAwait(false);
            if (n <= 0)
            {
                return;
            }
            await context.SendAsync(PayloadType.Output, buffer.AsMemory(0, n), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private const int ClientMessageLayoutChunk = ClientMessageLayout.StockMaxPayload;

    private static int SafeRead(PseudoTerminal pty, byte[] buffer)
    {
        try
        {
            return pty.Read(buffer);
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }

    private static async Task PumpInputAsync(SessionWorkerContext context, PseudoTerminal pty, CancellationToken cancellationToken)
    {
        await foreach (var message in context.ReadInputAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                switch (message.PayloadType)
                {
                    case PayloadType.Output:
                        pty.Write(message.Payload.Span);
                        break;
                    case PayloadType.Size:
                        var size = DataChannelPayloads.ReadTerminalSize(message.Payload.Span);
                        if (size.Cols is > 0 and <= ushort.MaxValue && size.Rows is > 0 and <= ushort.MaxValue)
                        {
                            pty.Resize((ushort)size.Cols, (ushort)size.Rows);
                        }
                        break;
                    default:
                        break;
                }
            }
            catch (ObjectDisposedException)
            {
                return; // the terminal was hung up
            }
            catch (ClientMessageException e)
            {
                context.Log.Warn($"session {context.SessionId}: ignored a malformed Size payload: {e.Message}");
            }
        }
    }

    /// <summary>Whether the session's leader exited and none of its processes is left running within <paramref name="timeout"/>.</summary>
    private static async Task<bool> SessionEndsWithinAsync(int sessionId, Task leaderExited, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        if (!await CompletesWithinAsync(leaderExited, timeout).ConfigureAwait(false))
        {
            return false;
        }
        while (SessionProcesses.AnyAlive(sessionId))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(20).ConfigureAwait(false);
        }
        return true;
    }

    private static async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose when the session ended.
        }
    }
}

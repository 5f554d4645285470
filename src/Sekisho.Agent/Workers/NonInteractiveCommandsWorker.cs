using System.Diagnostics;
using Sekisho.Agent.RunAs;
using Sekisho.Agent.Sessions;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Agent.Workers;

/// <summary>
/// NonInteractiveCommands: the document's command through pipes as the Run As user (login environment from
/// <c>runuser -l</c>); stdout as Output, stderr as StdErr, the client's Output as stdin, the exit code at the end.
/// </summary>
public sealed class NonInteractiveCommandsWorker(RunAsUsers users) : ISessionWorker
{
    private const string RunUser = "/usr/sbin/runuser";

    public bool Handles(AgentControlMessage start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return start.SessionType == SessionTypes.NonInteractiveCommands;
    }

    public async Task<int?> RunAsync(SessionWorkerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var commands = SessionCommands.Get(context);
        var user = await users.ResolveAsync(context.Start, context.InstanceId, cancellationToken).ConfigureAwait(false);
        var psi = new ProcessStartInfo(DefaultSignals.Env)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var arg in (string[])[DefaultSignals.Option, RunUser, "-l", user.Name, "-c", commands])
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi) ?? throw new SessionFailedException($"could not start {RunUser}");
        context.Log.Info($"session {context.SessionId}: command as {user.Name} (pid {process.Id})");
        context.ReportStarted();

        using var inputStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stdout = PumpAsync(context, process.StandardOutput.BaseStream, PayloadType.Output);
        var stderr = PumpAsync(context, process.StandardError.BaseStream, PayloadType.StdErr);
        var stdin = FeedAsync(context, process.StandardInput.BaseStream, inputStop.Token);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        await stdout.ConfigureAwait(false);
        await stderr.ConfigureAwait(false);
        await inputStop.CancelAsync().ConfigureAwait(false);
        try
        {
            await stdin.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose: the command ended.
        }
        return process.ExitCode;
    }

    private static async Task PumpAsync(SessionWorkerContext context, Stream stream, PayloadType payloadType)
    {
        var buffer = new byte[ClientMessageLayout.StockMaxPayload];
        int n;
        while ((n = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            await context.SendAsync(payloadType, buffer.AsMemory(0, n), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task FeedAsync(SessionWorkerContext context, Stream stdin, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in context.ReadInputAsync(cancellationToken).ConfigureAwait(false))
            {
                if (message.PayloadType == PayloadType.Output)
                {
                    await stdin.WriteAsync(message.Payload, cancellationToken).ConfigureAwait(false);
                    await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (IOException)
        {
            // The command closed its stdin (or exited): further input has nowhere to go.
        }
        finally
        {
            await stdin.DisposeAsync().ConfigureAwait(false);
        }
    }
}

using Sekisho.Cli.Aws;

namespace Sekisho.Cli.Sessions;

/// <summary>
/// One session from start to end: StartSession, the data channel (resumed through ResumeSession), the mode the
/// session type asks for, and TerminateSession on the way out.
/// </summary>
public static class SessionRunner
{
    /// <summary>The exit code of a session that closed before the agent started it.</summary>
    public const int FailedBeforeStart = 255;

    public static async Task<int> RunAsync(SsmClient ssm, SessionStartOptions options, IReadOnlyList<ISessionMode> modes,
        CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ssm);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        SessionStream stream;
        try
        {
            stream = await ssm.StartSessionAsync(new StartSessionRequest(options.Target, options.DocumentName,
                options.Parameters, options.Reason), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            await console.Error.WriteLineAsync("\n" + e.Message).ConfigureAwait(false);
            return AwsServiceException.ExitCode;
        }
        // While the data channel opens, which is mostly waiting on the server and the agent.
        _ = SessionWarmUp.Start();
        await console.Error.WriteLineAsync($"\nStarting session with SessionId: {stream.SessionId}").ConfigureAwait(false);
        var client = new DataChannelClient(new DataChannelClientOptions(stream,
            ct => ssm.ResumeSessionAsync(stream.SessionId, ct))
        {
            Invoker = ssm.Context.WebSocketInvoker,
            Log = console.Error,
            Time = ssm.Context.Time,
        });
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAny(client.SessionType, client.Completion).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!client.SessionType.IsCompletedSuccessfully)
            {
                // Closed before it began (the agent could not start it, Run As refused, ...): channel_closed says why.
                var end = await client.Completion.ConfigureAwait(false);
                var code = await SessionCopy.FinishAsync(end, client, console).ConfigureAwait(false);
                return end.ExitCode ?? (code == 0 ? FailedBeforeStart : code);
            }
            var session = await client.SessionType.ConfigureAwait(false);
            StartupTrace.Mark("handshake done");
            if (!string.IsNullOrEmpty(client.CustomerMessage))
            {
                await console.Error.WriteLineAsync(client.CustomerMessage).ConfigureAwait(false);
            }
            var mode = SessionModes.Select(modes, session, options);
            return await mode.RunAsync(client, options, console, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await client.DisposeAsync().ConfigureAwait(false);
            await TerminateAsync(ssm, stream.SessionId, console).ConfigureAwait(false);
        }
    }

    private static async Task TerminateAsync(SsmClient ssm, string sessionId, CliConsole console)
    {
        // Runs after the user's cancellation too, so it has its own short deadline.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await ssm.TerminateSessionAsync(sessionId, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AwsServiceException or CliException or OperationCanceledException)
        {
            await console.Error.WriteLineAsync($"sekisho: could not terminate session {sessionId}: {e.Message}").ConfigureAwait(false);
        }
    }
}

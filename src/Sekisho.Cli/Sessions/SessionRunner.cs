using Sekisho.Cli.Aws;

namespace Sekisho.Cli.Sessions;

/// <summary>
/// One session from start to end: StartSession, the data channel (resumed through ResumeSession), the mode the
/// session type asks for, and TerminateSession on the way out.
/// </summary>
public static class SessionRunner
{
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
        await console.Error.WriteLineAsync($"\nStarting session with SessionId: {stream.SessionId}").ConfigureAwait(false);
        var client = new DataChannelClient(new DataChannelClientOptions(stream,
            ct => ssm.ResumeSessionAsync(stream.SessionId, ct))
        {
            ConfigureWebSocket = ssm.Context.ConfigureWebSocket,
            Log = console.Error,
            Time = ssm.Context.Time,
        });
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var session = await client.SessionType.WaitAsync(cancellationToken).ConfigureAwait(false);
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

using Microsoft.Extensions.Hosting;

namespace Sekisho.Server.Sessions;

/// <summary>
/// Once a second: ends sessions idle for longer than their idle timeout (traffic either way counts) or past
/// their maximum duration, and writes buffered recording parts every few seconds. The tick is wall-clock; the
/// comparisons use the injected <see cref="TimeProvider"/>, so tests move time by moving the clock.
/// </summary>
public sealed class SessionSweeper(SessionRelay relay, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                await SweepAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // server stopping
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var session in relay.Live)
        {
            var r = session.Record;
            if (r.MaxDuration is { } max && now - r.StartDate >= max)
            {
                await relay.EndAsync(r.SessionId, SessionStatus.Terminated,
                    $"Session {r.SessionId} reached its maximum duration of {Minutes(max)} and was terminated.", terminateAgent: true,
                    "maximum session duration reached", cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (now - session.LastActivity >= r.IdleTimeout)
            {
                await relay.EndAsync(r.SessionId, SessionStatus.Terminated,
                    $"Session {r.SessionId} was idle for {Minutes(r.IdleTimeout)} and was terminated.", terminateAgent: true,
                    "idle session timeout", cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (session.Recorder is { Pending: > 0 } && now - session.LastFlush >= FlushInterval)
                await relay.FlushRecordingAsync(session, final: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Minutes(TimeSpan t) => t.TotalMinutes == 1 ? "1 minute" : $"{t.TotalMinutes:0.##} minutes";
}

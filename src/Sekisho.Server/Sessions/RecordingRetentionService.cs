using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sekisho.Server.Documents;
using Sekisho.Server.Organization;

namespace Sekisho.Server.Sessions;

/// <summary>
/// Enforces each account's <c>recordingRetentionDays</c> (an input of its <c>SSM-SessionManagerRunShell</c>
/// document, <see cref="SessionPreferences.RecordingRetention"/>): at start and every <see cref="Interval"/>, the
/// recordings of sessions that ended longer ago than the account's current setting are deleted. No setting keeps
/// recordings for ever. The setting in force at the time of the pass applies, also to sessions recorded before it
/// changed, as an S3 lifecycle rule does. Every replica runs this; two passes at once delete the same parts twice,
/// which is harmless.
/// </summary>
public sealed partial class RecordingRetentionService(
    OrganizationService organization,
    DocumentService documents,
    RecordingExpiry expiry,
    TimeProvider time,
    ILogger<RecordingRetentionService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                try
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is Storage.StorageException or System.Data.Common.DbException)
                {
                    // The store is unavailable for now; the next pass catches up.
                    LogFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // server stopping
        }
    }

    /// <summary>One pass over every account; returns how many recordings were deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var snapshot = await organization.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        foreach (var account in snapshot.Accounts.Keys)
        {
            if ((await documents.GetPreferencesAsync(account, cancellationToken).ConfigureAwait(false)).RecordingRetention is not { } keep) continue;
            var expired = await expiry.ExpireAsync(account, keep, cancellationToken).ConfigureAwait(false);
            foreach (var id in expired) LogDeleted(logger, id, account, keep.TotalDays);
            deleted += expired.Count;
        }
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "recording of session {SessionId} (account {Account}) deleted: older than the account's retention of {Days} days")]
    private static partial void LogDeleted(ILogger logger, string sessionId, string account, double days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "recording retention pass failed; retrying at the next pass")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

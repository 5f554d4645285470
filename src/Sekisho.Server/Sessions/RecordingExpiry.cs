namespace Sekisho.Server.Sessions;

/// <summary>
/// Deletes the recordings of an account's sessions that ended longer ago than the retention: the store blob parts
/// first, then the session record's <see cref="SessionRecord.Recording"/> is cleared, so DescribeSessions stops
/// giving an OutputUrl and the recording endpoint says the recording was deleted. In that order because a crash
/// between the two only leaves a record pointing at nothing (the next pass clears it), never parts no record names.
/// Sessions still active are never touched, however old.
/// </summary>
public sealed class RecordingExpiry(SessionRepository repository, RecordingStore recordings, TimeProvider time)
{
    private const int PageSize = 500;

    /// <summary>Expires what is due in <paramref name="account"/>; returns the ids of the sessions whose recording was deleted.</summary>
    public async Task<IReadOnlyList<string>> ExpireAsync(string account, TimeSpan retention, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - retention;
        var expired = new List<string>();
        string? after = null;
        do
        {
            var (page, next) = await repository.ScanAsync(account, after, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var session in page)
            {
                if (!IsDue(session, cutoff)) continue;
                await recordings.DeleteAsync(session.Recording!, cancellationToken).ConfigureAwait(false);
                await repository.UpdateAsync(account, session.SessionId,
                    s => IsDue(s, cutoff) ? s with { Recording = null } : s, cancellationToken).ConfigureAwait(false);
                expired.Add(session.SessionId);
            }
            after = next;
        }
        while (after is not null);
        return expired;
    }

    private static bool IsDue(SessionRecord s, DateTimeOffset cutoff) =>
        s.Recording is not null && !SessionStatus.IsActive(s.Status) && s.EndDate is { } end && end < cutoff;
}

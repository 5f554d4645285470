using System.Text.Json;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Sessions;

/// <summary>Sessions in the store, one JSON record per session under <c>/accounts/{account}/sessions/</c>.</summary>
public sealed class SessionRepository(IStore store)
{
    public static string Prefix(string account) => $"/accounts/{account}/sessions/";

    public static string Key(string account, string sessionId) => Prefix(account) + sessionId;

    public async Task<SessionRecord?> GetAsync(string account, string sessionId, CancellationToken cancellationToken)
    {
        var item = await store.GetAsync(Key(account, sessionId), cancellationToken).ConfigureAwait(false);
        return item is null ? null : JsonSerializer.Deserialize(item.Value.Span, SessionsJsonContext.Default.SessionRecord);
    }

    public Task CreateAsync(SessionRecord session, CancellationToken cancellationToken) =>
        store.CreateAsync(Key(session.Account, session.SessionId), Serialize(session), cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the stored record with compare-and-swap; null when the session is gone.</summary>
    public async Task<SessionRecord?> UpdateAsync(string account, string sessionId, Func<SessionRecord, SessionRecord> change, CancellationToken cancellationToken)
    {
        var key = Key(account, sessionId);
        while (true)
        {
            var item = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (item is null) return null;
            var current = JsonSerializer.Deserialize(item.Value.Span, SessionsJsonContext.Default.SessionRecord)!;
            var next = change(current);
            if (ReferenceEquals(next, current)) return current;
            var result = await store.CommitAsync(new Transaction([Condition.RevisionIs(key, item.Revision)], [Write.Put(key, Serialize(next))]), cancellationToken).ConfigureAwait(false);
            if (result.Committed) return next;
        }
    }

    /// <summary>One page of the account's sessions in id order, strictly after <paramref name="startAfter"/>.</summary>
    public async Task<(IReadOnlyList<SessionRecord> Sessions, string? Next)> ScanAsync(string account, string? startAfter, int limit, CancellationToken cancellationToken)
    {
        var prefix = Prefix(account);
        var page = await store.ScanAsync(new ScanRequest(prefix, startAfter is null ? null : prefix + startAfter, limit), cancellationToken).ConfigureAwait(false);
        var sessions = new List<SessionRecord>(page.Items.Count);
        foreach (var item in page.Items)
            sessions.Add(JsonSerializer.Deserialize(item.Value.Span, SessionsJsonContext.Default.SessionRecord)!);
        return (sessions, page.NextStartAfter is { } next ? next[prefix.Length..] : null);
    }

    private static byte[] Serialize(SessionRecord session) => JsonSerializer.SerializeToUtf8Bytes(session, SessionsJsonContext.Default.SessionRecord);
}

using System.Collections.Concurrent;

namespace Sekisho.Server.Identity;

/// <summary>
/// What the request path reads from the identity domain (records and gathered policy sets), kept in memory
/// (DESIGN.md principle 6) and dropped as a whole whenever identity data changes: at once after a local commit
/// (<see cref="IdentityService"/>), and within the store's poll interval for another process's or replica's
/// commit (<see cref="IdentityChangeWatcher"/> follows the change feed). An entry is stamped with the generation
/// taken <em>before</em> its store reads, so a value read while a change was being committed is never served
/// after that change invalidated the cache.
/// </summary>
internal sealed class IdentityReadCache
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    private sealed record Entry(long Generation, object Value);

    /// <summary>Take this before reading the store for a value to <see cref="Set"/>.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    public bool TryGet<T>(string key, out T value) where T : class
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Generation == Generation && entry.Value is T hit)
        {
            value = hit;
            return true;
        }
        value = null!;
        return false;
    }

    public void Set(string key, long generation, object value)
    {
        if (generation != Generation) return;
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[key] = new Entry(generation, value);
    }
}

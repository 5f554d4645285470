using System.Collections.Concurrent;
using Sekisho.Policy;

namespace Sekisho.Server.Authorization;

/// <summary>
/// Compiled policies by document text: a document is compiled once however many principals or sessions carry it.
/// Keyed by content, so a changed policy is simply a new entry (nothing to invalidate); the cache is cleared
/// when it grows past <see cref="MaxEntries"/>.
/// </summary>
public sealed class PolicyCache
{
    public const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<string, CompiledPolicy> _compiled = new(StringComparer.Ordinal);

    /// <summary>The compiled form of <paramref name="document"/>; throws <see cref="PolicyParseException"/> when it does not parse.</summary>
    public CompiledPolicy Get(string document, string name)
    {
        if (_compiled.TryGetValue(document, out var policy)) return policy;
        if (_compiled.Count >= MaxEntries) _compiled.Clear();
        policy = CompiledPolicy.Parse(document, name);
        _compiled.TryAdd(document, policy);
        return policy;
    }
}

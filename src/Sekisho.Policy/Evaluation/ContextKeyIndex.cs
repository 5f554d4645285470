namespace Sekisho.Policy.Evaluation;

/// <summary>
/// Condition keys named by compiled policies (condition keys and policy variables), each given a small integer slot
/// once, at compile time, so that evaluating a condition finds its key in the request context by comparing integers
/// instead of hashing the key name case-insensitively (each context maps the slots of its own keys when it is built;
/// see <see cref="RequestContext"/>). Only policies add keys, so the table grows with the policies compiled, not with the
/// requests; past <see cref="MaxSlots"/> keys new ones get no slot and are looked up by name.
/// </summary>
internal static class ContextKeyIndex
{
    public const int MaxSlots = 1 << 16;

    private static readonly Lock Gate = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Slots = new(StringComparer.OrdinalIgnoreCase);
    private static int s_count;

    /// <summary>The number of slots given so far: a context built now keeps a table entry for each.</summary>
    public static int Count => Volatile.Read(ref s_count);

    /// <summary>The slot of a key that some policy names; false when none does (or it got no slot).</summary>
    public static bool TryGetSlot(string key, out int slot) => Slots.TryGetValue(key, out slot);

    /// <summary>The slot of a key named by a policy (given on first use), or -1 when the table is full.</summary>
    public static int Intern(string key)
    {
        if (Slots.TryGetValue(key, out var slot)) return slot;
        lock (Gate)
        {
            if (Slots.TryGetValue(key, out slot)) return slot;
            if (s_count >= MaxSlots) return -1;
            slot = s_count;
            Slots[key] = slot;
            // Published after the entry: a reader that sees the new count also finds the key.
            Volatile.Write(ref s_count, slot + 1);
            return slot;
        }
    }
}

namespace Sekisho.Cedar.Values;

/// <summary>
/// An immutable Cedar set: distinct values, unordered for equality. Small sets are scanned; larger ones also
/// keep a hash set so membership stays O(1).
/// </summary>
public sealed class CedarSet : IEquatable<CedarSet>
{
    private const int HashThreshold = 8;
    private readonly Value[] _items;
    private readonly HashSet<Value>? _lookup;
    private int _hash;

    public static CedarSet Empty { get; } = new([], alreadyDistinct: true);

    private CedarSet(Value[] items, bool alreadyDistinct)
    {
        if (!alreadyDistinct) items = Distinct(items);
        _items = items;
        if (items.Length > HashThreshold) _lookup = new HashSet<Value>(items);
    }

    /// <summary>A set of <paramref name="items"/>; duplicates are dropped, first occurrence kept.</summary>
    public static CedarSet Create(ReadOnlySpan<Value> items) => items.Length == 0 ? Empty : new CedarSet(items.ToArray(), alreadyDistinct: false);

    public static CedarSet Create(IEnumerable<Value> items) => Create(items.ToArray().AsSpan());

    public int Count => _items.Length;

    public ReadOnlySpan<Value> Items => _items;

    public bool Contains(in Value value)
    {
        if (_lookup is not null) return _lookup.Contains(value);
        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i].Equals(value)) return true;
        }
        return false;
    }

    /// <summary>True when every element of <paramref name="other"/> is in this set.</summary>
    public bool ContainsAll(CedarSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var v in other._items)
        {
            if (!Contains(v)) return false;
        }
        return true;
    }

    /// <summary>True when some element of <paramref name="other"/> is in this set.</summary>
    public bool ContainsAny(CedarSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var v in other._items)
        {
            if (Contains(v)) return true;
        }
        return false;
    }

    public bool Equals(CedarSet? other) =>
        other is not null && (ReferenceEquals(this, other) || (other.Count == Count && ContainsAll(other)));

    public override bool Equals(object? obj) => obj is CedarSet other && Equals(other);

    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        // Order-independent so that equal sets hash alike whatever order they were built in.
        var h = 0x5e7;
        foreach (var v in _items) h += v.GetHashCode() * 31;
        _hash = h == 0 ? 1 : h;
        return _hash;
    }

    private static Value[] Distinct(Value[] items)
    {
        if (items.Length < 2) return items;
        if (items.Length <= HashThreshold)
        {
            var n = 0;
            for (var i = 0; i < items.Length; i++)
            {
                var dup = false;
                for (var j = 0; j < n; j++)
                {
                    if (items[j].Equals(items[i])) { dup = true; break; }
                }
                if (!dup) items[n++] = items[i];
            }
            return n == items.Length ? items : items[..n];
        }
        var seen = new HashSet<Value>();
        var list = new List<Value>(items.Length);
        foreach (var v in items)
        {
            if (seen.Add(v)) list.Add(v);
        }
        return list.Count == items.Length ? items : list.ToArray();
    }
}

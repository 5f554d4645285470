namespace Sekisho.Cedar.Values;

/// <summary>
/// An immutable Cedar record: attributes sorted by name (the order Cedar prints them in). Small records are
/// scanned; larger ones also keep a dictionary.
/// </summary>
public sealed class CedarRecord : IEquatable<CedarRecord>
{
    private const int DictionaryThreshold = 8;
    private readonly string[] _keys;
    private readonly Value[] _values;
    private readonly Dictionary<string, int>? _index;
    private int _hash;

    public static CedarRecord Empty { get; } = new([], []);

    private CedarRecord(string[] keys, Value[] values)
    {
        _keys = keys;
        _values = values;
        if (keys.Length > DictionaryThreshold)
        {
            _index = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
            for (var i = 0; i < keys.Length; i++) _index[keys[i]] = i;
        }
    }

    /// <summary>A record of the given attributes; a later duplicate key replaces an earlier one.</summary>
    public static CedarRecord Create(IEnumerable<KeyValuePair<string, Value>> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var sorted = new SortedDictionary<string, Value>(StringComparer.Ordinal);
        foreach (var kv in attributes) sorted[kv.Key] = kv.Value;
        if (sorted.Count == 0) return Empty;
        var keys = new string[sorted.Count];
        var values = new Value[sorted.Count];
        var i = 0;
        foreach (var kv in sorted)
        {
            keys[i] = kv.Key;
            values[i] = kv.Value;
            i++;
        }
        return new CedarRecord(keys, values);
    }

    public int Count => _keys.Length;

    public string KeyAt(int index) => _keys[index];

    public Value ValueAt(int index) => _values[index];

    public IEnumerable<KeyValuePair<string, Value>> Attributes
    {
        get
        {
            for (var i = 0; i < _keys.Length; i++) yield return new KeyValuePair<string, Value>(_keys[i], _values[i]);
        }
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, out Value value)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            value = default;
            return false;
        }
        value = _values[i];
        return true;
    }

    private int IndexOf(string key)
    {
        if (_index is not null) return _index.TryGetValue(key, out var i) ? i : -1;
        var keys = _keys;
        for (var i = 0; i < keys.Length; i++)
        {
            if (string.Equals(keys[i], key, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    public bool Equals(CedarRecord? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (other._keys.Length != _keys.Length) return false;
        for (var i = 0; i < _keys.Length; i++)
        {
            if (!string.Equals(_keys[i], other._keys[i], StringComparison.Ordinal) || !_values[i].Equals(other._values[i])) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is CedarRecord other && Equals(other);

    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        var h = new HashCode();
        for (var i = 0; i < _keys.Length; i++)
        {
            h.Add(_keys[i], StringComparer.Ordinal);
            h.Add(_values[i]);
        }
        var r = h.ToHashCode();
        _hash = r == 0 ? 1 : r;
        return _hash;
    }
}

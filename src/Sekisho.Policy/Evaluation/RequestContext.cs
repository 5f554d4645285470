namespace Sekisho.Policy;

/// <summary>
/// One request to decide: principal, action, resource and the context keys (looked up case-insensitively, each
/// with one or more values). Keys derivable from the principal and resource ARNs are added when absent and listed
/// in <see cref="DerivedKeys"/>. Build it once per request; evaluation then reads it without allocating.
/// </summary>
public sealed class RequestContext
{
    private readonly Dictionary<string, string[]> _keys;

    // The values of each key, in the dictionary's order (an entry is an index into this array).
    private readonly string[][] _entryValues;

    // Which entry holds the key of each ContextKeyIndex slot: -1 = absent, else the entry. Filled when the context is
    // built, by looking up the slot of each key the request has (a request has fewer keys than policies ask about, and
    // asking about an absent key then costs nothing). Slots given after this context was built, or past MaxSlotTable,
    // are not in it (looked up by name).
    private readonly int[] _slotEntries;

    // Typed forms of the values, parsed lazily (at most once each): entry e's value i is _parsed[_entryOffsets[e] + i].
    // Allocated empty with the context so that evaluation, which fills it, allocates nothing.
    private readonly int[] _entryOffsets;
    private readonly Evaluation.ParsedContextValue[] _parsed;

    public string Principal { get; }
    public string Action { get; }
    public string Resource { get; }
    public PrincipalIdentity Identity { get; }

    internal int ActionServiceHash { get; }

    /// <summary>Case-insensitive hash of the whole action, for literal Action / NotAction entries (0: compare as text).</summary>
    internal int ActionHash { get; }

    /// <summary>A KMS action on a KMS key: the key policy must allow, like a role trust policy.</summary>
    internal bool IsKmsKeyRequest { get; }

    /// <summary>The account that owns the resource: aws:ResourceAccount, else the resource ARN's, else the principal's.</summary>
    public string ResourceAccount { get; }

    public IReadOnlyList<string> DerivedKeys { get; }

    public IReadOnlyDictionary<string, string[]> Keys => _keys;

    public RequestContext(string principal, string action, string resource, IEnumerable<KeyValuePair<string, string[]>>? keys = null)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(resource);
        Principal = principal;
        Action = action;
        Resource = resource;
        Identity = PrincipalIdentity.FromArn(principal);
        ActionServiceHash = Matching.ServiceHash.OfAction(action);
        ActionHash = Matching.ServiceHash.OfWholeAction(action);
        IsKmsKeyRequest = action.StartsWith("kms:", StringComparison.OrdinalIgnoreCase)
            && resource.StartsWith("arn:", StringComparison.Ordinal) && resource.Contains(":key/", StringComparison.Ordinal);
        _keys = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (keys is not null)
            foreach (var (k, v) in keys) _keys[k] = v;
        var derived = new List<string>();
        void Derive(string key, string? value)
        {
            if (value is { Length: > 0 } && !_keys.ContainsKey(key))
            {
                _keys[key] = [value];
                derived.Add(key);
            }
        }
        if (Identity.Type is not (PrincipalType.Other or PrincipalType.Service))
        {
            Derive("aws:PrincipalArn", Identity.PrincipalArnKey);
            Derive("aws:PrincipalAccount", Identity.Account);
            Derive("aws:PrincipalType", Identity.PrincipalTypeKey);
            if (Identity.Type == PrincipalType.User) Derive("aws:username", Identity.Name);
            if (Identity.Type == PrincipalType.FederatedUser) Derive("aws:userid", $"{Identity.Account}:{Identity.Name}");
        }
        if (ArnParts.TryParse(resource, out var parts) && parts.Account(resource).Length > 0 && parts.Account(resource) is not "*")
            Derive("aws:ResourceAccount", parts.Account(resource).ToString());
        ResourceAccount = TryGetSingle("aws:ResourceAccount", out var ra) ? ra : Identity.Account;
        DerivedKeys = derived;
        _entryValues = new string[_keys.Count][];
        _entryOffsets = new int[_keys.Count];
        // The slot count is read before the keys' slots: a slot below it was given before it was published, so a key
        // holding it is found; a key given a slot meanwhile gets one past the table.
        _slotEntries = new int[Math.Min(Evaluation.ContextKeyIndex.Count, MaxSlotTable)];
        _slotEntries.AsSpan().Fill(-1);
        var e = 0;
        var valueCount = 0;
        foreach (var (k, v) in _keys)
        {
            if (Evaluation.ContextKeyIndex.TryGetSlot(k, out var slot) && (uint)slot < (uint)_slotEntries.Length) _slotEntries[slot] = e;
            _entryOffsets[e] = valueCount;
            _entryValues[e++] = v;
            valueCount += v.Length;
        }
        _parsed = new Evaluation.ParsedContextValue[valueCount];
        IsCrossAccount = ResourceAccount.Length > 0 && Identity.Account.Length > 0 && ResourceAccount != Identity.Account;
    }

    public static RequestContext Create(string principal, string action, string resource, params (string Key, string Value)[] keys)
    {
        var list = new List<KeyValuePair<string, string[]>>(keys.Length);
        foreach (var (k, v) in keys) list.Add(new(k, [v]));
        return new RequestContext(principal, action, resource, list);
    }

    /// <summary>The values of a context key; false when the key is absent.</summary>
    public bool TryGetValues(string key, out string[] values)
    {
        if (_keys.TryGetValue(key, out var v))
        {
            values = v;
            return true;
        }
        values = [];
        return false;
    }

    /// <summary>
    /// The entry of a key given its slot from <see cref="Evaluation.ContextKeyIndex"/> (and its name, used when the
    /// slot was given after this context was built or not at all); -1 when the key is absent.
    /// </summary>
    internal int FindEntry(int slot, string key)
    {
        var table = _slotEntries;
        return (uint)slot < (uint)table.Length ? table[slot] : FindEntry(key);
    }

    // A key's entry by name; the values array identifies it (two keys sharing one array share the same values).
    private int FindEntry(string key) => _keys.TryGetValue(key, out var values) ? Array.IndexOf(_entryValues, values) : -1;

    // Bounds what each context allocates for the table however many keys policies name; the keys of later slots
    // (rare: a process whose policies name more than this many keys) are looked up by name.
    private const int MaxSlotTable = 256;

    internal string[] EntryValues(int entry) => _entryValues[entry];

    /// <summary>Value <paramref name="index"/> of <paramref name="entry"/> as a Bool operand (true/false, any case).</summary>
    internal bool TryGetBool(int entry, int index, out bool value)
    {
        ref var p = ref _parsed[_entryOffsets[entry] + index];
        var flags = Volatile.Read(ref p.Flags);
        if ((flags & Evaluation.ParsedContextValue.BoolParsed) == 0)
        {
            var ok = Matching.ConditionValueParsers.TryBool(_entryValues[entry][index], out var b);
            p.Bool = b;
            flags = Publish(ref p, Evaluation.ParsedContextValue.BoolParsed | (ok ? Evaluation.ParsedContextValue.BoolValid : 0));
        }
        value = p.Bool;
        return (flags & Evaluation.ParsedContextValue.BoolValid) != 0;
    }

    /// <summary>Value <paramref name="index"/> of <paramref name="entry"/> as a Numeric operand.</summary>
    internal bool TryGetNumber(int entry, int index, out double value)
    {
        ref var p = ref _parsed[_entryOffsets[entry] + index];
        var flags = Volatile.Read(ref p.Flags);
        if ((flags & Evaluation.ParsedContextValue.NumberParsed) == 0)
        {
            var ok = Matching.ConditionValueParsers.TryNumber(_entryValues[entry][index], out var n);
            p.Number = n;
            flags = Publish(ref p, Evaluation.ParsedContextValue.NumberParsed | (ok ? Evaluation.ParsedContextValue.NumberValid : 0));
        }
        value = p.Number;
        return (flags & Evaluation.ParsedContextValue.NumberValid) != 0;
    }

    /// <summary>Value <paramref name="index"/> of <paramref name="entry"/> as a Date operand, in UTC ticks.</summary>
    internal bool TryGetDate(int entry, int index, out long utcTicks)
    {
        ref var p = ref _parsed[_entryOffsets[entry] + index];
        var flags = Volatile.Read(ref p.Flags);
        if ((flags & Evaluation.ParsedContextValue.DateParsed) == 0)
        {
            var ok = Matching.ConditionValueParsers.TryDate(_entryValues[entry][index], out var t);
            p.DateTicks = t;
            flags = Publish(ref p, Evaluation.ParsedContextValue.DateParsed | (ok ? Evaluation.ParsedContextValue.DateValid : 0));
        }
        utcTicks = p.DateTicks;
        return (flags & Evaluation.ParsedContextValue.DateValid) != 0;
    }

    /// <summary>
    /// Value <paramref name="index"/> of <paramref name="entry"/> as an IpAddress operand: 4 (IPv4, in the low 32 bits
    /// of <paramref name="address"/>), 6 (IPv6), or 0 when it is not an address.
    /// </summary>
    internal int TryGetAddress(int entry, int index, out UInt128 address)
    {
        ref var p = ref _parsed[_entryOffsets[entry] + index];
        var flags = Volatile.Read(ref p.Flags);
        if ((flags & Evaluation.ParsedContextValue.AddressParsed) == 0)
        {
            var text = _entryValues[entry][index].AsSpan().Trim();
            var kind = 0;
            if (Matching.ConditionValueParsers.TryIPv4(text, out var v4))
            {
                p.Address = v4;
                kind = Evaluation.ParsedContextValue.AddressV4;
            }
            else if (Matching.ConditionValueParsers.TryIPv6(text, out var v6))
            {
                p.Address = v6;
                kind = Evaluation.ParsedContextValue.AddressV6;
            }
            flags = Publish(ref p, Evaluation.ParsedContextValue.AddressParsed | kind);
        }
        address = p.Address;
        return (flags & Evaluation.ParsedContextValue.AddressV4) != 0 ? 4 : (flags & Evaluation.ParsedContextValue.AddressV6) != 0 ? 6 : 0;
    }

    // The flags go out after the value they describe (Interlocked.Or is a full fence): a thread that sees the flag
    // sees the value. Two threads parsing the same text at once write the same value.
    private static int Publish(ref Evaluation.ParsedContextValue p, int flags) => Interlocked.Or(ref p.Flags, flags) | flags;

    /// <summary>The values of a key found by slot (see <see cref="FindEntry"/>); false when absent.</summary>
    internal bool TryGetValues(int slot, string key, out string[] values)
    {
        var entry = FindEntry(slot, key);
        if (entry < 0)
        {
            values = [];
            return false;
        }
        values = _entryValues[entry];
        return true;
    }

    /// <summary>The value of a single-valued key found by slot (see <see cref="FindEntry"/>).</summary>
    internal bool TryGetSingle(int slot, string key, out string value)
    {
        var entry = FindEntry(slot, key);
        if (entry >= 0 && _entryValues[entry] is [var single])
        {
            value = single;
            return true;
        }
        value = "";
        return false;
    }

    /// <summary>The value of a single-valued key (a key with exactly one value).</summary>
    public bool TryGetSingle(string key, out string value)
    {
        if (_keys.TryGetValue(key, out var v) && v.Length == 1)
        {
            value = v[0];
            return true;
        }
        value = "";
        return false;
    }

    public bool IsCrossAccount { get; }
}

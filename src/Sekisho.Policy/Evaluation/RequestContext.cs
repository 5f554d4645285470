namespace Sekisho.Policy;

/// <summary>
/// One request to decide: principal, action, resource and the context keys (looked up case-insensitively, each
/// with one or more values). Keys derivable from the principal and resource ARNs are added when absent and listed
/// in <see cref="DerivedKeys"/>. Build it once per request; evaluation then reads it without allocating.
/// </summary>
public sealed class RequestContext
{
    private readonly Dictionary<string, string[]> _keys;

    public string Principal { get; }
    public string Action { get; }
    public string Resource { get; }
    public PrincipalIdentity Identity { get; }

    internal int ActionServiceHash { get; }

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

using Sekisho.Policy.Matching;

namespace Sekisho.Policy.Evaluation;

/// <summary>A statement compiled into matchers. Action names match case-insensitively, ARNs case-sensitively.</summary>
internal sealed class CompiledStatement
{
    // Action / NotAction split at compile time: literal names (compared by a case-insensitive hash computed once per
    // request, then by text on a hash hit) and wildcard patterns (each skipped unless its service prefix matches).
    private readonly string[] _literalActions;
    private readonly int[] _literalHashes;
    private readonly Pattern[] _wildcardActions;
    private readonly int?[] _wildcardServiceHashes;
    private readonly ArnPattern[]? _resources;
    private readonly CompiledCondition[] _conditions;

    // Service prefixes of the Action patterns; null when any pattern may match any service, or for NotAction.
    private readonly int[]? _serviceHashes;

    public PolicyStatement Source { get; }
    public Effect Effect => Source.Effect;

    public CompiledStatement(PolicyStatement source, bool variables)
    {
        Source = source;
        var literals = new List<string>();
        var wildcards = new List<Pattern>();
        var wildcardServices = new List<int?>();
        foreach (var a in source.Actions)
        {
            // A non-ASCII literal has no hash (see ServiceHash.OfWholeAction): it stays a pattern, compared as text.
            if (a.Value.AsSpan().IndexOfAny('*', '?') < 0 && ServiceHash.OfWholeAction(a.Value) != 0)
            {
                literals.Add(a.Value);
                continue;
            }
            wildcards.Add(Pattern.Compile(a.Value, wildcards: true, variables: false, ignoreCase: true));
            wildcardServices.Add(ServiceHash.OfPattern(a.Value));
        }
        _literalActions = [.. literals];
        _literalHashes = new int[_literalActions.Length];
        for (var i = 0; i < _literalActions.Length; i++) _literalHashes[i] = ServiceHash.OfWholeAction(_literalActions[i]);
        _wildcardActions = [.. wildcards];
        _wildcardServiceHashes = [.. wildcardServices];
        if (!source.IsNotAction)
        {
            var hashes = new List<int>();
            foreach (var a in source.Actions)
            {
                if (ServiceHash.OfPattern(a.Value) is not { } h)
                {
                    hashes = null;
                    break;
                }
                if (!hashes.Contains(h)) hashes.Add(h);
            }
            _serviceHashes = hashes is null ? null : [.. hashes];
        }
        if (source.Resources is not null)
        {
            _resources = new ArnPattern[source.Resources.Count];
            for (var i = 0; i < _resources.Length; i++) _resources[i] = ArnPattern.Compile(source.Resources[i].Value, variables);
        }
        _conditions = new CompiledCondition[source.Conditions.Count];
        for (var i = 0; i < _conditions.Length; i++) _conditions[i] = new CompiledCondition(source.Conditions[i], variables);
    }

    public bool MatchesAction(string action, int serviceHash, int actionHash)
    {
        if (_serviceHashes is not null && !Contains(_serviceHashes, serviceHash)) return false;
        return MatchesAnyAction(action, serviceHash, actionHash) != Source.IsNotAction;
    }

    private bool MatchesAnyAction(string action, int serviceHash, int actionHash)
    {
        var hashes = _literalHashes;
        for (var i = 0; i < hashes.Length; i++)
            if ((hashes[i] == actionHash || actionHash == 0) && string.Equals(_literalActions[i], action, StringComparison.OrdinalIgnoreCase)) return true;
        var patterns = _wildcardActions;
        for (var i = 0; i < patterns.Length; i++)
        {
            if (_wildcardServiceHashes[i] is { } service && service != serviceHash) continue;
            if (patterns[i].Matches(action, null!)) return true;
        }
        return false;
    }

    private static bool Contains(int[] values, int value)
    {
        foreach (var v in values)
            if (v == value) return true;
        return false;
    }

    /// <summary>A statement without Resource / NotResource (a trust policy's) applies to any resource.</summary>
    public bool MatchesResource(string resource, RequestContext context)
    {
        if (_resources is null) return true;
        if (Source.IsNotResource)
        {
            // A variable AWS cannot resolve "might cause the entire statement to be invalid" (IAM User Guide,
            // "Variables and tags"): a NotResource that cannot be read must not make the statement apply to
            // everything, so the statement does not apply at all.
            foreach (var p in _resources)
                if (p.HasVariables && !p.AllVariablesResolve(context, out _)) return false;
        }
        var any = false;
        foreach (var p in _resources)
            if (p.Matches(resource, context)) { any = true; break; }
        return any != Source.IsNotResource;
    }

    public PrincipalMatch MatchPrincipal(PrincipalIdentity caller)
    {
        if (Source.Principal is null) return PrincipalMatch.None;
        var m = PrincipalMatcher.Match(Source.Principal, caller);
        if (!Source.IsNotPrincipal) return m;
        return m == PrincipalMatch.None ? PrincipalMatch.Direct : PrincipalMatch.None;
    }

    public bool MatchesConditions(RequestContext context)
    {
        foreach (var c in _conditions)
            if (!c.Evaluate(context)) return false;
        return true;
    }

    public IReadOnlyList<CompiledCondition> Conditions => _conditions;
}

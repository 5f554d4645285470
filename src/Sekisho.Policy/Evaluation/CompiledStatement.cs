using Sekisho.Policy.Matching;

namespace Sekisho.Policy.Evaluation;

/// <summary>A statement compiled into matchers. Action names match case-insensitively, ARNs case-sensitively.</summary>
internal sealed class CompiledStatement
{
    private readonly Pattern[] _actions;
    private readonly ArnPattern[]? _resources;
    private readonly CompiledCondition[] _conditions;

    // Service prefixes of the Action patterns; null when any pattern may match any service, or for NotAction.
    private readonly int[]? _serviceHashes;

    public PolicyStatement Source { get; }
    public Effect Effect => Source.Effect;

    public CompiledStatement(PolicyStatement source, bool variables)
    {
        Source = source;
        _actions = new Pattern[source.Actions.Count];
        for (var i = 0; i < _actions.Length; i++)
            _actions[i] = Pattern.Compile(source.Actions[i].Value, wildcards: true, variables: false, ignoreCase: true);
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

    public bool MatchesAction(string action, int serviceHash)
    {
        if (_serviceHashes is not null && Array.IndexOf(_serviceHashes, serviceHash) < 0) return false;
        var any = false;
        foreach (var p in _actions)
            if (p.Matches(action, null!)) { any = true; break; }
        return any != Source.IsNotAction;
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

using Sekisho.Policy.Catalog;

namespace Sekisho.Policy.Validation;

/// <summary>A statement with its action entries resolved against the catalogue, shared by the checks.</summary>
internal sealed class StatementContext(PolicyStatement statement, IReadOnlyList<ResolvedAction> actions)
{
    public PolicyStatement Statement => statement;

    public IReadOnlyList<ResolvedAction> Actions => actions;

    /// <summary>"Statement[2]" or "Statement[2] (Sid AllowSsh)", for messages.</summary>
    public string Where => Describe(statement);

    public static string Describe(PolicyStatement s) =>
        s.Sid is { Length: > 0 } sid ? $"Statement[{s.Index}] (Sid {sid})" : $"Statement[{s.Index}]";

    /// <summary>Whether every entry resolved, so "no action of the statement ..." is a sound conclusion.</summary>
    public bool AllKnown
    {
        get
        {
            foreach (var a in actions)
                if (!a.Known) return false;
            return actions.Count > 0;
        }
    }

    /// <summary>Whether the statement's Action (not NotAction) names <paramref name="fullName"/>, directly or by a pattern.</summary>
    /// <remarks>Matches the entries' text, not the actions they resolved to: "*" stands for 22,000 actions.</remarks>
    public bool Names(string fullName)
    {
        if (statement.IsNotAction) return false;
        foreach (var entry in actions)
            if (entry.Known && Glob.IsMatch(entry.Entry.Value, fullName, ignoreCase: true)) return true;
        return false;
    }

    /// <summary>The distinct catalogue actions the statement's Action names.</summary>
    public IReadOnlyCollection<IamAction> DistinctActions()
    {
        var set = new HashSet<IamAction>(ReferenceEqualityComparer.Instance);
        foreach (var entry in actions)
            foreach (var a in entry.Actions) set.Add(a);
        return set;
    }

    /// <summary>The statement's conditions on <paramref name="key"/> (case-insensitive).</summary>
    public IEnumerable<PolicyCondition> ConditionsOn(string key)
    {
        foreach (var c in statement.Conditions)
            if (string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase)) yield return c;
    }
}

using Sekisho.Policy.Catalog;

namespace Sekisho.Policy.Validation;

/// <summary>
/// Warns about resources no action of the statement can act on (a typo in an ARN, a resource of another service,
/// an ARN given to an action that only takes "*"), and about named actions that can act on none of the resources.
/// </summary>
internal static class ResourceCheck
{
    private const int ListedActions = 3;

    public static void Run(StatementContext context, List<Diagnostic> warnings)
    {
        var statement = context.Statement;
        // NotAction / NotResource turn the question around, and unknown entries make any conclusion unsound.
        if (statement.IsNotAction || statement.IsNotResource || statement.Resources is not { Count: > 0 } resources || !context.AllKnown) return;
        var allStar = true;
        foreach (var resource in resources)
            allStar &= resource.Value == "*";
        if (allStar) return;

        var actions = context.DistinctActions();
        var types = new HashSet<IamResourceType>(ReferenceEqualityComparer.Instance);
        foreach (var a in actions)
            foreach (var t in a.ResourceTypes) types.Add(t);

        foreach (var resource in resources)
        {
            if (resource.Value == "*" || AnyTypeMatches(types, TemplatePattern.ToGlob(resource.Value))) continue;
            warnings.Add(Diagnostic.Warning(WarningCodes.ResourceMatchesNoAction, resource.Position,
                $"{context.Where}.Resource: '{resource.Value}' matches no resource type of {Describe(actions)}"));
        }

        // Only for actions named one by one: "ssm:*" next to specific ARNs is normal.
        foreach (var entry in context.Actions)
        {
            if (entry.IsPattern || entry.Actions.Count != 1) continue;
            var action = entry.Actions[0];
            var any = false;
            foreach (var resource in resources)
            {
                if (action.CanActOn(resource.Value))
                {
                    any = true;
                    break;
                }
            }
            if (any) continue;
            var takes = action.ResourceTypes.Count == 0 ? "only \"*\"" : TypeList(action);
            warnings.Add(Diagnostic.Warning(WarningCodes.ActionMatchesNoResource, entry.Entry.Position,
                $"{context.Where}.Action: {action.FullName} acts on {takes}, and none of the statement's resources is one, so the statement never applies to it"));
        }
    }

    private static bool AnyTypeMatches(HashSet<IamResourceType> types, string resourcePattern)
    {
        foreach (var t in types)
            if (t.CanMatchPattern(resourcePattern)) return true;
        return false;
    }

    private static string Describe(IReadOnlyCollection<IamAction> actions)
    {
        if (actions.Count > ListedActions) return $"the statement's {actions.Count} actions";
        var parts = new List<string>(actions.Count);
        foreach (var a in actions)
            parts.Add(a.ResourceTypes.Count == 0 ? $"{a.FullName} (takes only \"*\")" : $"{a.FullName} ({TypeList(a)})");
        return string.Join("; ", parts);
    }

    /// <summary>The action's resource types with their ARN templates, or only their names when there are many.</summary>
    private static string TypeList(IamAction action)
    {
        const int WithTemplates = 3;
        const int Names = 8;
        var types = action.ResourceTypes;
        var parts = new List<string>(Math.Min(types.Count, Names) + 1);
        foreach (var t in types)
        {
            if (parts.Count == Names)
            {
                parts.Add($"and {types.Count - Names} more");
                break;
            }
            parts.Add(types.Count <= WithTemplates ? $"{t.Name} {t.ArnTemplate}" : t.Name);
        }
        return string.Join(", ", parts);
    }
}

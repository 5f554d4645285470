using Sekisho.Policy.Catalog;

namespace Sekisho.Policy.Validation;

/// <summary>Warns about condition keys that do not exist, or that no action of the statement supports.</summary>
internal static class ConditionKeyCheck
{
    public static void Run(StatementContext context, IamCatalog catalog, List<Diagnostic> warnings)
    {
        IReadOnlyCollection<IamAction>? actions = null;
        foreach (var condition in context.Statement.Conditions)
        {
            var key = condition.Key;
            if (catalog.IsGlobalConditionKey(key) || IsIdentityProviderKey(key, catalog)) continue;
            if (!catalog.IsKnownConditionKey(key))
            {
                warnings.Add(Diagnostic.Warning(WarningCodes.UnknownConditionKey, condition.KeyPosition,
                    $"{context.Where}.Condition.{condition.OperatorText}: '{key}' is neither a global condition key nor a key of {Owner(key, catalog)}; " +
                    "AWS never sends it, so the condition sees a missing key"));
                continue;
            }
            if (context.Statement.IsNotAction || !context.AllKnown) continue;
            actions ??= context.DistinctActions();
            if (Supported(actions, key)) continue;
            warnings.Add(Diagnostic.Warning(WarningCodes.UnsupportedConditionKey, condition.KeyPosition,
                $"{context.Where}.Condition.{condition.OperatorText}: no action of the statement ({Names(actions)}) supports '{key}'; " +
                "AWS does not send it with these requests, so the condition sees a missing key"));
        }
    }

    /// <summary>
    /// Keys of an OIDC or SAML provider named by its URL (<c>oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub</c>): any
    /// provider can be configured, so the catalogue cannot know them. Those it does know are checked as usual.
    /// </summary>
    private static bool IsIdentityProviderKey(string key, IamCatalog catalog)
    {
        var colon = key.LastIndexOf(':');
        if (colon <= 0) return false;
        var prefix = key[..colon];
        return prefix.IndexOfAny(['.', '/']) >= 0 && !catalog.IsKnownConditionKey(key);
    }

    private static bool Supported(IReadOnlyCollection<IamAction> actions, string key)
    {
        foreach (var a in actions)
            if (a.SupportsConditionKey(key)) return true;
        return false;
    }

    private static string Owner(string key, IamCatalog catalog)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return "any service (a key is written \"service:name\")";
        var prefix = key[..colon];
        return catalog.ServicesForConditionPrefix(prefix).Count > 0 ? $"service '{prefix}'" : $"any service ('{prefix}' is no service prefix)";
    }

    private static string Names(IReadOnlyCollection<IamAction> actions)
    {
        const int Listed = 3;
        var parts = new List<string>(Listed + 1);
        foreach (var a in actions)
        {
            if (parts.Count == Listed)
            {
                parts.Add($"and {actions.Count - Listed} more");
                break;
            }
            parts.Add(a.FullName);
        }
        return string.Join(", ", parts);
    }
}

using Sekisho.Policy.Catalog;

namespace Sekisho.Policy.Validation;

/// <summary>Resolves each Action / NotAction entry and warns about unknown services and actions.</summary>
internal static class ActionCheck
{
    public static IReadOnlyList<ResolvedAction> Resolve(PolicyStatement statement, string where, IamCatalog catalog, List<Diagnostic> warnings)
    {
        var element = statement.IsNotAction ? "NotAction" : "Action";
        var result = new List<ResolvedAction>(statement.Actions.Count);
        foreach (var entry in statement.Actions)
        {
            var value = entry.Value;
            if (value == "*")
            {
                result.Add(new ResolvedAction(entry, catalog.MatchActions("*"), true));
                continue;
            }
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            // The parser reports entries that are not "service:action"; nothing to add here.
            if (colon <= 0 || colon == value.Length - 1)
            {
                result.Add(new ResolvedAction(entry, [], false));
                continue;
            }
            var service = value[..colon];
            var action = value[(colon + 1)..];
            if (!ServiceExists(service, catalog))
            {
                warnings.Add(Diagnostic.Warning(WarningCodes.UnknownService, entry.Position,
                    $"{where}.{element}: '{service}' is not an AWS service prefix{SuggestService(service, catalog)}, so '{value}' matches no action"));
                result.Add(new ResolvedAction(entry, [], false));
                continue;
            }
            var matched = catalog.MatchActions(value);
            if (matched.Count == 0)
            {
                var message = Glob.HasWildcard(action)
                    ? $"{where}.{element}: '{value}' matches no action of {service}"
                    : $"{where}.{element}: {service} has no action '{action}'{SuggestAction(service, action, catalog)}";
                warnings.Add(Diagnostic.Warning(WarningCodes.UnknownAction, entry.Position, message));
                result.Add(new ResolvedAction(entry, [], false));
                continue;
            }
            result.Add(new ResolvedAction(entry, matched, true));
        }
        return result;
    }

    private static bool ServiceExists(string servicePattern, IamCatalog catalog)
    {
        if (!Glob.HasWildcard(servicePattern)) return catalog.HasService(servicePattern);
        foreach (var prefix in catalog.ServicePrefixes)
            if (Glob.IsMatch(servicePattern, prefix, ignoreCase: true)) return true;
        return false;
    }

    private static string SuggestService(string service, IamCatalog catalog)
    {
        if (Glob.HasWildcard(service)) return "";
        var best = Closest(service, catalog.ServicePrefixes);
        return best is null ? "" : $" (did you mean '{best}'?)";
    }

    private static string SuggestAction(string service, string action, IamCatalog catalog)
    {
        var s = catalog.FindService(service);
        if (s is null) return "";
        var names = new List<string>(s.Actions.Count);
        foreach (var a in s.Actions) names.Add(a.Name);
        var best = Closest(action, names);
        return best is null ? "" : $" (did you mean '{s.Prefix}:{best}'?)";
    }

    /// <summary>The candidate within a small edit distance of <paramref name="word"/>, if exactly one is closest.</summary>
    private static string? Closest(string word, IReadOnlyList<string> candidates)
    {
        var limit = Math.Max(1, Math.Min(3, word.Length / 4));
        string? best = null;
        var bestDistance = limit + 1;
        foreach (var c in candidates)
        {
            if (Math.Abs(c.Length - word.Length) > limit) continue;
            var d = EditDistance.Compute(word, c, ignoreCase: true);
            if (d < bestDistance)
            {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }
}

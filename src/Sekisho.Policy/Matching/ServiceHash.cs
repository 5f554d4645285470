namespace Sekisho.Policy.Matching;

/// <summary>
/// A case-insensitive hash of an action's service prefix (the text before ':'), computed once per request and once
/// per action pattern, so statements for other services are skipped with an integer comparison.
/// </summary>
internal static class ServiceHash
{
    /// <summary>The hash, or null when the prefix holds a wildcard or there is no ':' (the pattern may match any service).</summary>
    public static int? OfPattern(string pattern)
    {
        var colon = pattern.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return null;
        var service = pattern.AsSpan(0, colon);
        if (service.IndexOfAny('*', '?') >= 0) return null;
        return Of(service);
    }

    public static int OfAction(string action)
    {
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        return Of(colon < 0 ? action : action.AsSpan(0, colon));
    }

    /// <summary>
    /// A case-insensitive hash of a whole action name (never 0), or 0 when it holds a non-ASCII character: such a name
    /// is compared as text against every literal, since case-insensitive equality outside ASCII is not a per-character
    /// lower-casing this hash could follow.
    /// </summary>
    public static int OfWholeAction(string action)
    {
        var hash = unchecked((int)2166136261);
        foreach (var c in action)
        {
            if (c >= 0x80) return 0;
            var lower = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            hash = unchecked((hash ^ lower) * 16777619);
        }
        return hash | 1;
    }

    private static int Of(ReadOnlySpan<char> service)
    {
        var hash = unchecked((int)2166136261);
        foreach (var c in service)
        {
            var lower = c is >= 'A' and <= 'Z' ? (char)(c + 32) : char.ToLowerInvariant(c);
            hash = unchecked((hash ^ lower) * 16777619);
        }
        return hash;
    }
}

namespace Sekisho.Policy.Evaluation;

/// <summary>Matches a statement's Principal / NotPrincipal against the request principal.</summary>
internal static class PrincipalMatcher
{
    public static PrincipalMatch Match(PolicyPrincipal principal, PrincipalIdentity caller)
    {
        if (principal.IsWildcard) return Everyone(caller);
        var best = PrincipalMatch.None;
        foreach (var value in principal.Values)
        {
            var m = MatchValue(value, caller);
            if (m > best) best = m;
        }
        return best;
    }

    private static PrincipalMatch MatchValue(PrincipalValue value, PrincipalIdentity caller)
    {
        var text = value.Value;
        switch (value.Kind)
        {
            case PrincipalKind.Aws:
                if (text == "*") return caller.Type == PrincipalType.Service ? PrincipalMatch.None : Everyone(caller);
                if (caller.Account.Length == 0) return string.Equals(text, caller.Arn, StringComparison.Ordinal) ? PrincipalMatch.Direct : PrincipalMatch.None;
                if (IsAccountId(text))
                    return text == caller.Account ? PrincipalMatch.Account : PrincipalMatch.None;
                if (!ArnParts.TryParse(text, out var parts)) return PrincipalMatch.None;
                var account = parts.Account(text);
                var resource = parts.Resource(text);
                var service = parts.Service(text);
                if (service.SequenceEqual("iam") && resource.SequenceEqual("root"))
                    return account.SequenceEqual(caller.Account) ? PrincipalMatch.Account : PrincipalMatch.None;
                if (string.Equals(text, caller.Arn, StringComparison.Ordinal))
                    return caller.Type == PrincipalType.Role ? PrincipalMatch.Role : PrincipalMatch.Direct;
                // A role ARN names every session of that role. Session ARNs carry no role path, so compare by name.
                if (caller.Type == PrincipalType.AssumedRole && service.SequenceEqual("iam") && resource.StartsWith("role/")
                    && account.SequenceEqual(caller.Account)
                    && resource[(resource.LastIndexOf('/') + 1)..].SequenceEqual(caller.RoleName))
                    return PrincipalMatch.Role;
                return PrincipalMatch.None;
            case PrincipalKind.Service:
                return string.Equals(text, caller.Arn, StringComparison.OrdinalIgnoreCase) ? PrincipalMatch.Direct : PrincipalMatch.None;
            default:
                return text == "*" || string.Equals(text, caller.Arn, StringComparison.Ordinal) ? PrincipalMatch.Direct : PrincipalMatch.None;
        }
    }

    /// <summary>
    /// "*" does not name a role session's ARN, so for a session it is worth what a grant to the role is: limited by
    /// the permissions boundary and the session policy (IAM User Guide, "Session policies": only a resource-based
    /// policy naming the session ARN itself is not limited by the session policy).
    /// </summary>
    private static PrincipalMatch Everyone(PrincipalIdentity caller) =>
        caller.Type == PrincipalType.AssumedRole ? PrincipalMatch.Everyone : PrincipalMatch.Direct;

    private static bool IsAccountId(string text)
    {
        if (text.Length != 12) return false;
        foreach (var c in text)
            if (c is < '0' or > '9') return false;
        return true;
    }
}

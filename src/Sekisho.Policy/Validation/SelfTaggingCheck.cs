namespace Sekisho.Policy.Validation;

/// <summary>
/// Sekisho's own warning: a principal allowed to tag itself (iam:TagUser on its own user, iam:TagRole on its own
/// role) in a policy where tags decide access (aws:PrincipalTag conditions or variables, or Session Manager's
/// SSMSessionRunAs tag). Such a principal can give itself the tags that grant access: privilege escalation.
/// </summary>
internal static class SelfTaggingCheck
{
    private const string PrincipalTagPrefix = "aws:PrincipalTag/";
    private const string RunAsTag = "SSMSessionRunAs";
    private const string TagKeys = "aws:TagKeys";
    private const string RequestTagPrefix = "aws:RequestTag/";

    private static readonly (string Action, string Kind)[] TagActions = [("iam:TagUser", "user"), ("iam:TagRole", "role")];

    public static void Run(IReadOnlyList<StatementContext> statements, List<Diagnostic> warnings)
    {
        var sensitive = SensitiveTagKeys(statements);
        if (sensitive.Count == 0) return;
        foreach (var context in statements)
        {
            var s = context.Statement;
            if (s.Effect != Effect.Allow) continue;
            foreach (var (action, kind) in TagActions)
            {
                if (EntryNaming(context, action) is null) continue;
                var self = SelfResource(s, kind);
                if (self is null) continue;
                var open = new List<string>();
                foreach (var key in sensitive)
                    if (!Restricted(context, key) && !DeniedElsewhere(statements, action, key)) open.Add(key);
                if (open.Count == 0) continue;
                var keys = string.Join(", ", open);
                var at = EntryNaming(context, action)!.Value;
                warnings.Add(Diagnostic.Warning(WarningCodes.SelfTagging, at,
                    $"{context.Where}: {action} is allowed on {self}, which covers the caller's own {kind}, while tags decide access in this " +
                    $"policy (tag keys {keys}): the caller can set those tags on itself and gain the access they grant. Restrict the keys with " +
                    $"\"ForAllValues:StringEquals\": {{\"{TagKeys}\": [...]}} listing only harmless keys, or add a Deny of {action} with " +
                    $"\"ForAnyValue:StringEquals\": {{\"{TagKeys}\": [{string.Join(", ", open.Select(k => "\"" + k + "\""))}]}}"));
            }
        }
    }

    /// <summary>Tag keys whose value decides access somewhere in the document.</summary>
    private static List<string> SensitiveTagKeys(IReadOnlyList<StatementContext> statements)
    {
        var keys = new List<string>();
        var runAs = false;
        foreach (var context in statements)
        {
            var s = context.Statement;
            if (s.Effect == Effect.Allow && context.Names("ssm:StartSession")) runAs = true;
            foreach (var c in s.Conditions)
            {
                if (c.Key.StartsWith(PrincipalTagPrefix, StringComparison.OrdinalIgnoreCase)) Add(keys, c.Key[PrincipalTagPrefix.Length..]);
                if (c.Key.Contains(RunAsTag, StringComparison.OrdinalIgnoreCase)) runAs = true;
                foreach (var v in c.Values) Scan(v.Text, keys, ref runAs);
            }
            if (s.Resources is not null)
                foreach (var r in s.Resources) Scan(r.Value, keys, ref runAs);
        }
        if (runAs) Add(keys, RunAsTag);
        return keys;
    }

    private static void Scan(string text, List<string> keys, ref bool runAs)
    {
        if (text.Contains(RunAsTag, StringComparison.OrdinalIgnoreCase)) runAs = true;
        const string variable = "${" + PrincipalTagPrefix;
        var at = text.IndexOf(variable, StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            var start = at + variable.Length;
            var end = text.IndexOfAny(['}', ','], start);
            if (end < 0) break;
            Add(keys, text[start..end].Trim());
            at = text.IndexOf(variable, end, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static void Add(List<string> keys, string key)
    {
        if (key.Length == 0) return;
        foreach (var k in keys)
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) return;
        keys.Add(key);
    }

    /// <summary>The first resource that can name the caller's own user or role, or null.</summary>
    private static string? SelfResource(PolicyStatement s, string kind)
    {
        if (s.Resources is null || s.IsNotResource) return s.IsNotResource ? "every resource but those in NotResource" : null;
        var pattern = $"arn:*:iam::*:{kind}/*";
        foreach (var r in s.Resources)
        {
            if (r.Value == "*") return "\"*\"";
            if (!Catalog.ArnGlob.Intersects(Catalog.TemplatePattern.ToGlob(r.Value), pattern)) continue;
            // A named user or role may be someone else; a wildcard or a variable such as ${aws:username} covers the caller.
            var slash = r.Value.IndexOf('/', StringComparison.Ordinal);
            var name = slash < 0 ? r.Value : r.Value[slash..];
            if (Catalog.Glob.HasWildcard(name) || name.Contains("${", StringComparison.Ordinal) || slash < 0) return $"'{r.Value}'";
        }
        return null;
    }

    /// <summary>Whether the allowing statement itself keeps <paramref name="key"/> out of the tags it lets the caller set.</summary>
    private static bool Restricted(StatementContext context, string key)
    {
        foreach (var c in context.Statement.Conditions)
        {
            if (c.Key.StartsWith(RequestTagPrefix, StringComparison.OrdinalIgnoreCase)
                && string.Equals(c.Key[RequestTagPrefix.Length..], key, StringComparison.OrdinalIgnoreCase)
                && c.Operator != ConditionOperator.Null)
                return true;
            if (!string.Equals(c.Key, TagKeys, StringComparison.OrdinalIgnoreCase)) continue;
            if (c.Qualifier == SetQualifier.ForAllValues && c.Operator is ConditionOperator.StringEquals or ConditionOperator.StringLike
                or ConditionOperator.StringEqualsIgnoreCase && !AnyValueMatches(c, key))
                return true;
            if (c.Operator is ConditionOperator.StringNotEquals or ConditionOperator.StringNotLike or ConditionOperator.StringNotEqualsIgnoreCase
                && c.Qualifier != SetQualifier.ForAnyValue && AnyValueMatches(c, key))
                return true;
        }
        return false;
    }

    /// <summary>Whether a Deny in the document stops <paramref name="action"/> from setting <paramref name="key"/>.</summary>
    private static bool DeniedElsewhere(IReadOnlyList<StatementContext> statements, string action, string key)
    {
        foreach (var context in statements)
        {
            var s = context.Statement;
            if (s.Effect != Effect.Deny || !context.Names(action)) continue;
            if (s.Conditions.Count == 0) return true;
            foreach (var c in s.Conditions)
            {
                if (string.Equals(c.Key, TagKeys, StringComparison.OrdinalIgnoreCase) && c.Qualifier == SetQualifier.ForAnyValue
                    && c.Operator is ConditionOperator.StringEquals or ConditionOperator.StringLike or ConditionOperator.StringEqualsIgnoreCase
                    && AnyValueMatches(c, key))
                    return true;
            }
        }
        return false;
    }

    private static bool AnyValueMatches(PolicyCondition c, string key)
    {
        foreach (var v in c.Values)
            if (Catalog.Glob.IsMatch(v.Text, key, ignoreCase: true)) return true;
        return false;
    }

    /// <summary>
    /// Where the statement names <paramref name="action"/>. "*" and "iam:*" do not count: whoever has them can
    /// attach any policy to itself already, so self-tagging adds nothing.
    /// </summary>
    private static SourcePosition? EntryNaming(StatementContext context, string action)
    {
        if (context.Statement.IsNotAction) return null;
        foreach (var entry in context.Actions)
        {
            if (!entry.Known || entry.Entry.Value is "*" || string.Equals(entry.Entry.Value, "iam:*", StringComparison.OrdinalIgnoreCase)) continue;
            if (Catalog.Glob.IsMatch(entry.Entry.Value, action, ignoreCase: true)) return entry.Entry.Position;
        }
        return null;
    }
}

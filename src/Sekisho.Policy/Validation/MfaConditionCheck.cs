namespace Sekisho.Policy.Validation;

/// <summary>
/// Sekisho's own warnings on aws:MultiFactorAuthPresent. Requests signed with long-term access keys carry no such
/// key at all: <c>Bool ... "false"</c> in a Deny does not match them (so they are not denied), and
/// <c>BoolIfExists ... "true"</c> in an Allow matches them (so they are allowed without MFA).
/// </summary>
internal static class MfaConditionCheck
{
    private const string Key = "aws:MultiFactorAuthPresent";

    public static void Run(StatementContext context, List<Diagnostic> warnings)
    {
        var effect = context.Statement.Effect;
        foreach (var c in context.ConditionsOn(Key))
        {
            if (c.Operator != ConditionOperator.Bool || c.Qualifier != SetQualifier.None) continue;
            if (effect == Effect.Deny && !c.IfExists && HasValue(c, "false"))
            {
                warnings.Add(Diagnostic.Warning(WarningCodes.MfaDenyMissesAccessKeys, c.OperatorPosition,
                    $"{context.Where}.Condition: \"Bool\": {{\"{Key}\": \"false\"}} in a Deny does not deny requests signed with long-term " +
                    $"access keys: they carry no {Key}, and Bool on a missing key does not match. Use \"BoolIfExists\" so the Deny also " +
                    "covers requests without the key"));
            }
            else if (effect == Effect.Allow && c.IfExists && HasValue(c, "true"))
            {
                warnings.Add(Diagnostic.Warning(WarningCodes.MfaAllowAdmitsAccessKeys, c.OperatorPosition,
                    $"{context.Where}.Condition: \"BoolIfExists\": {{\"{Key}\": \"true\"}} in an Allow also allows requests signed with " +
                    $"long-term access keys (no MFA): they carry no {Key}, and IfExists matches a missing key. Use \"Bool\" to require MFA"));
            }
        }
    }

    private static bool HasValue(PolicyCondition c, string value)
    {
        foreach (var v in c.Values)
            if (string.Equals(v.Text, value, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}

namespace Sekisho.Policy;

/// <summary>
/// Splits an operator as written (<c>ForAnyValue:StringLikeIfExists</c>) into qualifier, base operator and IfExists.
/// Names are matched case-sensitively, as the IAM JSON policy grammar spells them.
/// </summary>
public static class ConditionOperatorName
{
    private const string ForAllValues = "ForAllValues:";
    private const string ForAnyValue = "ForAnyValue:";
    private const string IfExistsSuffix = "IfExists";

    public static ConditionOperatorParseError TryParse(string text, out SetQualifier qualifier, out ConditionOperator op, out bool ifExists)
    {
        qualifier = SetQualifier.None;
        op = default;
        ifExists = false;
        var rest = text;
        if (rest.StartsWith(ForAllValues, StringComparison.Ordinal))
        {
            qualifier = SetQualifier.ForAllValues;
            rest = rest[ForAllValues.Length..];
        }
        else if (rest.StartsWith(ForAnyValue, StringComparison.Ordinal))
        {
            qualifier = SetQualifier.ForAnyValue;
            rest = rest[ForAnyValue.Length..];
        }
        else if (rest.Contains(':', StringComparison.Ordinal))
        {
            return ConditionOperatorParseError.UnknownQualifier;
        }
        if (rest.EndsWith(IfExistsSuffix, StringComparison.Ordinal) && rest.Length > IfExistsSuffix.Length)
        {
            ifExists = true;
            rest = rest[..^IfExistsSuffix.Length];
        }
        // Enum.TryParse would accept numbers and ignore nothing else; check the name round-trips exactly.
        if (!Enum.TryParse(rest, ignoreCase: false, out op) || op.ToString() != rest) return ConditionOperatorParseError.UnknownOperator;
        if (op == ConditionOperator.Null && ifExists) return ConditionOperatorParseError.UnknownOperator;
        return ConditionOperatorParseError.None;
    }

    /// <summary>True for the operators whose match is the negation of another (StringNotEquals, NotIpAddress, ...).</summary>
    public static bool IsNegated(ConditionOperator op) => op is ConditionOperator.StringNotEquals
        or ConditionOperator.StringNotEqualsIgnoreCase or ConditionOperator.StringNotLike
        or ConditionOperator.NumericNotEquals or ConditionOperator.DateNotEquals or ConditionOperator.NotIpAddress
        or ConditionOperator.ArnNotEquals or ConditionOperator.ArnNotLike;

    /// <summary>Operators whose values may hold policy variables (string-like and ARN operators).</summary>
    public static bool AllowsVariables(ConditionOperator op) => op is ConditionOperator.StringEquals
        or ConditionOperator.StringNotEquals or ConditionOperator.StringEqualsIgnoreCase
        or ConditionOperator.StringNotEqualsIgnoreCase or ConditionOperator.StringLike or ConditionOperator.StringNotLike
        or ConditionOperator.ArnEquals or ConditionOperator.ArnLike or ConditionOperator.ArnNotEquals
        or ConditionOperator.ArnNotLike;
}

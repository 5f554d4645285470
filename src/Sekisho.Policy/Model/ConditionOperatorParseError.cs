namespace Sekisho.Policy;

/// <summary>Why <see cref="ConditionOperatorName.TryParse"/> rejected an operator name.</summary>
public enum ConditionOperatorParseError
{
    None,
    UnknownQualifier,
    UnknownOperator,
}

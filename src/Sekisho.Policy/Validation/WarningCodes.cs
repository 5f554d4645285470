namespace Sekisho.Policy.Validation;

/// <summary>The codes of the validator's warnings (the parser's error codes live with the parser).</summary>
public static class WarningCodes
{
    /// <summary>An action's service prefix is no AWS service.</summary>
    public const string UnknownService = "UnknownService";

    /// <summary>An action, or an action pattern with wildcards, names no action of its service.</summary>
    public const string UnknownAction = "UnknownAction";

    /// <summary>A resource matches no resource type of any action in its statement.</summary>
    public const string ResourceMatchesNoAction = "ResourceMatchesNoAction";

    /// <summary>An action named in a statement can act on none of the statement's resources.</summary>
    public const string ActionMatchesNoResource = "ActionMatchesNoResource";

    /// <summary>A condition key that is neither global nor defined by any service.</summary>
    public const string UnknownConditionKey = "UnknownConditionKey";

    /// <summary>A condition key none of the statement's actions supports.</summary>
    public const string UnsupportedConditionKey = "UnsupportedConditionKey";

    /// <summary>ssm:StartSession limited to documents while nodes are allowed: the default shell is not limited.</summary>
    public const string SessionDocumentNotABoundary = "SessionDocumentNotABoundary";

    /// <summary>A principal may tag itself while tags decide access.</summary>
    public const string SelfTagging = "SelfTagging";

    /// <summary><c>Bool aws:MultiFactorAuthPresent false</c> in a Deny: long-term access keys are not denied.</summary>
    public const string MfaDenyMissesAccessKeys = "MfaDenyMissesAccessKeys";

    /// <summary><c>BoolIfExists aws:MultiFactorAuthPresent true</c> in an Allow: long-term access keys are allowed.</summary>
    public const string MfaAllowAdmitsAccessKeys = "MfaAllowAdmitsAccessKeys";

    /// <summary>Allow with NotAction: allows every other action of every service.</summary>
    public const string AllowWithNotAction = "AllowWithNotAction";

    /// <summary>Allow with NotResource: allows every other resource.</summary>
    public const string AllowWithNotResource = "AllowWithNotResource";

    /// <summary>Allow with NotPrincipal: allows everyone else, anonymous callers included.</summary>
    public const string AllowWithNotPrincipal = "AllowWithNotPrincipal";
}

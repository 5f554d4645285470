namespace Sekisho.Policy.Validation;

/// <summary>
/// Warnings from the IAM documentation's advice on negated elements in an Allow: they grant far more than the
/// list they name.
/// </summary>
internal static class StatementShapeCheck
{
    public static void Run(StatementContext context, List<Diagnostic> warnings)
    {
        var s = context.Statement;
        if (s.Effect != Effect.Allow) return;
        if (s.IsNotAction && s.Actions.Count > 0)
        {
            warnings.Add(Diagnostic.Warning(WarningCodes.AllowWithNotAction, Or(s.ActionElementPosition, s.Actions[0].Position),
                $"{context.Where}: Allow with NotAction allows every action of every service except those listed, including actions AWS " +
                "adds later; list the allowed actions in Action, or use NotAction in a Deny"));
        }
        if (s.IsNotResource && s.Resources is { Count: > 0 } resources)
        {
            warnings.Add(Diagnostic.Warning(WarningCodes.AllowWithNotResource, Or(s.ResourceElementPosition, resources[0].Position),
                $"{context.Where}: Allow with NotResource allows the actions on every resource except those listed, in every service " +
                "the actions reach; list the allowed resources in Resource instead"));
        }
        if (s.IsNotPrincipal && s.Principal is { } principal)
        {
            warnings.Add(Diagnostic.Warning(WarningCodes.AllowWithNotPrincipal, Or(s.PrincipalElementPosition, principal.Position),
                $"{context.Where}: Allow with NotPrincipal allows everyone except the principals listed, anonymous callers included; " +
                "name the allowed principals in Principal instead"));
        }
    }

    /// <summary>The element's name when the parser recorded it (statements built in code have none), else its first value.</summary>
    private static SourcePosition Or(SourcePosition element, SourcePosition fallback) => element == SourcePosition.None ? fallback : element;
}

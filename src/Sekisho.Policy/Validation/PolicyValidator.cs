using Sekisho.Policy.Catalog;

namespace Sekisho.Policy.Validation;

/// <summary>
/// Warnings about a parsed policy, on top of the parser's errors: unknown services and actions, resources and
/// condition keys the statement's actions do not have (from the AWS service catalogue), and mistakes AWS itself
/// does not warn about (session documents taken for a boundary, self-tagging where tags decide access, MFA
/// conditions that let long-term access keys through).
/// </summary>
public static class PolicyValidator
{
    /// <summary>The warnings for <paramref name="document"/>, in document order.</summary>
    public static IReadOnlyList<Diagnostic> Validate(PolicyDocument document, IamCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        catalog ??= IamCatalog.Default;
        var warnings = new List<Diagnostic>();
        var contexts = new List<StatementContext>(document.Statements.Count);
        foreach (var statement in document.Statements)
        {
            var actions = ActionCheck.Resolve(statement, StatementContext.Describe(statement), catalog, warnings);
            contexts.Add(new StatementContext(statement, actions));
        }
        foreach (var context in contexts)
        {
            ResourceCheck.Run(context, warnings);
            ConditionKeyCheck.Run(context, catalog, warnings);
            MfaConditionCheck.Run(context, warnings);
            StatementShapeCheck.Run(context, warnings);
        }
        SessionDocumentCheck.Run(contexts, catalog, warnings);
        SelfTaggingCheck.Run(contexts, warnings);
        return Sorted(warnings);
    }

    /// <summary>Parses <paramref name="json"/> and returns the parser's errors and the validator's warnings together, in document order.</summary>
    public static PolicyParseResult ParseAndValidate(string json, IamCatalog? catalog = null)
    {
        var parsed = PolicyParser.Parse(json);
        if (parsed.Document is null) return parsed;
        var all = new List<Diagnostic>(parsed.Diagnostics);
        all.AddRange(Validate(parsed.Document, catalog));
        return parsed with { Diagnostics = Sorted(all) };
    }

    private static List<Diagnostic> Sorted(List<Diagnostic> diagnostics)
    {
        // Stable, so findings at one position keep the order the checks produced them in.
        return diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
    }
}

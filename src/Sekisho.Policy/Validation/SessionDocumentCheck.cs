using Sekisho.Policy.Catalog;

namespace Sekisho.Policy.Validation;

/// <summary>
/// Sekisho's own warning (AWS gives none): ssm:StartSession allowed on nodes and on some session documents only,
/// as if the documents limited what a session may do. A session started without a document uses the default
/// shell document SSM-SessionManagerRunShell, and Session Manager checks no document permission for it unless
/// the request carries ssm:SessionDocumentAccessCheck, so the policy still gives a plain shell.
/// </summary>
internal static class SessionDocumentCheck
{
    private const string StartSession = "ssm:StartSession";
    private const string DefaultShellDocument = "SSM-SessionManagerRunShell";
    private const string AccessCheckKey = "ssm:SessionDocumentAccessCheck";
    private const string DefaultDocumentPattern = "arn:*:ssm:*:*:document/" + DefaultShellDocument;

    public static void Run(IReadOnlyList<StatementContext> statements, IamCatalog catalog, List<Diagnostic> warnings)
    {
        if (catalog.FindAction(StartSession) is not { } action) return;
        IamResourceType? documentType = null;
        var nodeTypes = new List<IamResourceType>();
        foreach (var t in action.ResourceTypes)
        {
            if (t.Name == "document") documentType = t;
            else nodeTypes.Add(t);
        }
        if (documentType is null || nodeTypes.Count == 0) return;

        // AWS: the access-check condition "must be included in all policy statements which allow the
        // ssm:StartSession action"; only then is a document permission checked for sessions that name none.
        var allowing = new List<StatementContext>();
        var allGuarded = true;
        foreach (var context in statements)
        {
            if (context.Statement.Effect != Effect.Allow || !context.Names(StartSession)) continue;
            allowing.Add(context);
            allGuarded &= HasAccessCheck(context);
        }
        if (allowing.Count > 0 && allGuarded) return;

        var restrictingDocuments = new List<(StatementContext Context, PositionedString Resource)>();
        PositionedString? nodes = null;
        var coversDefault = false;
        foreach (var context in allowing)
        {
            var s = context.Statement;
            if (s.Resources is null || s.IsNotResource)
            {
                coversDefault = true;
                continue;
            }
            foreach (var r in s.Resources)
            {
                // A resource that may name the default shell document (document/*, "*") restricts nothing.
                if (ArnGlob.Intersects(TemplatePattern.ToGlob(r.Value), DefaultDocumentPattern)) coversDefault = true;
                else if (MatchesAny(nodeTypes, r.Value)) nodes ??= r;
                else if (documentType.CanMatch(r.Value)) restrictingDocuments.Add((context, r));
            }
        }
        if (nodes is not null && !coversDefault)
        {
            foreach (var (context, resource) in restrictingDocuments)
            {
                warnings.Add(Diagnostic.Warning(WarningCodes.SessionDocumentNotABoundary, resource.Position,
                    $"{context.Where}.Resource: ssm:StartSession is allowed only on the document '{resource.Value}', but documents do not " +
                    $"restrict the default shell: a session started without a document uses {DefaultShellDocument}, and Session Manager " +
                    $"checks no document permission for it, so whoever may start sessions on '{nodes.Value}' still gets a plain shell. " +
                    $"{Fix} (the default shell document then needs its own allow)"));
            }
        }

        foreach (var context in statements)
        {
            var s = context.Statement;
            if (s.Effect != Effect.Deny || !context.Names(StartSession) || s.Resources is null || s.IsNotResource) continue;
            foreach (var r in s.Resources)
            {
                if (MatchesAny(nodeTypes, r.Value) || !ArnGlob.Intersects(TemplatePattern.ToGlob(r.Value), DefaultDocumentPattern)) continue;
                warnings.Add(Diagnostic.Warning(WarningCodes.SessionDocumentNotABoundary, r.Position,
                    $"{context.Where}.Resource: denying ssm:StartSession on the document '{r.Value}' does not stop default shell sessions: " +
                    $"a session started without a document names none, and Session Manager checks no document permission for it. {Fix}, " +
                    "or deny ssm:StartSession on the nodes instead"));
            }
        }
    }

    private const string Fix =
        "To have documents checked, add \"Condition\": {\"BoolIfExists\": {\"" + AccessCheckKey + "\": \"true\"}} to every statement that allows ssm:StartSession";

    private static bool MatchesAny(List<IamResourceType> types, string resource)
    {
        foreach (var t in types)
            if (t.CanMatch(resource)) return true;
        return false;
    }

    private static bool HasAccessCheck(StatementContext context)
    {
        foreach (var c in context.ConditionsOn(AccessCheckKey))
        {
            if (c.Operator != ConditionOperator.Bool) continue;
            foreach (var v in c.Values)
                if (string.Equals(v.Text, "true", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}

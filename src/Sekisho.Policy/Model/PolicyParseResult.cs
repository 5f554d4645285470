namespace Sekisho.Policy;

/// <summary>
/// What <see cref="PolicyParser"/> found: the document (null only when the JSON itself is unusable) and every
/// error diagnostic. A document with errors is still returned so tools can report on all of it.
/// </summary>
public sealed record PolicyParseResult(PolicyDocument? Document, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors
    {
        get
        {
            foreach (var d in Diagnostics)
                if (d.Severity == DiagnosticSeverity.Error) return true;
            return false;
        }
    }
}

namespace Sekisho.Policy;

/// <summary>
/// One finding about a policy document, with the 1-based line and column it points at. The parser emits
/// errors; the validator reuses the same record for warnings.
/// </summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Code, int Line, int Column, string Message)
{
    public static Diagnostic Error(string code, SourcePosition at, string message) =>
        new(DiagnosticSeverity.Error, code, at.Line, at.Column, message);

    public static Diagnostic Warning(string code, SourcePosition at, string message) =>
        new(DiagnosticSeverity.Warning, code, at.Line, at.Column, message);

    public override string ToString() =>
        $"{Line}:{Column}: {(Severity == DiagnosticSeverity.Error ? "error" : "warning")} {Code}: {Message}";
}

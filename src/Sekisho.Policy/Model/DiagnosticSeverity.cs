namespace Sekisho.Policy;

/// <summary>How serious a <see cref="Diagnostic"/> is: an error makes AWS reject the policy, a warning does not.</summary>
public enum DiagnosticSeverity
{
    Error,
    Warning,
}

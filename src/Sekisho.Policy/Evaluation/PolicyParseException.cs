namespace Sekisho.Policy;

/// <summary>A policy that could not be compiled because it has errors; the message names the first one and where.</summary>
public sealed class PolicyParseException : Exception
{
    public string PolicyName { get; } = "";
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = [];

    public PolicyParseException(string policyName, IReadOnlyList<Diagnostic> diagnostics)
        : base(FirstError(policyName, diagnostics))
    {
        PolicyName = policyName;
        Diagnostics = diagnostics;
    }

    public PolicyParseException() { }
    public PolicyParseException(string message) : base(message) { }
    public PolicyParseException(string message, Exception inner) : base(message, inner) { }

    private static string FirstError(string name, IReadOnlyList<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
            if (d.Severity == DiagnosticSeverity.Error) return $"policy '{name}' line {d.Line} column {d.Column}: {d.Message}";
        return $"policy '{name}' is not valid";
    }
}

using Sekisho.Policy.Validation;

namespace Sekisho.Policy.Tests;

/// <summary>Runs the validator on policy text and finds where a string was written, to check positions.</summary>
internal static class ValidatorTestSupport
{
    public static IReadOnlyList<Diagnostic> Warnings(string json)
    {
        var parsed = PolicyParser.Parse(json);
        Assert.False(parsed.HasErrors, "test policy has parse errors: " + string.Join("; ", parsed.Diagnostics));
        return PolicyValidator.Validate(parsed.Document!);
    }

    public static IReadOnlyList<Diagnostic> WithCode(this IReadOnlyList<Diagnostic> diagnostics, string code) =>
        diagnostics.Where(d => d.Code == code).ToList();

    /// <summary>1-based line and column of the <paramref name="occurrence"/>-th <paramref name="quoted"/> (with its quotes) in the text.</summary>
    public static (int Line, int Column) PositionOf(string json, string quoted, int occurrence = 1)
    {
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = json.IndexOf(quoted, index + 1, StringComparison.Ordinal);
            Assert.True(index >= 0, $"'{quoted}' not in the test policy");
        }
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (json[i] != '\n') continue;
            line++;
            lineStart = i + 1;
        }
        return (line, index - lineStart + 1);
    }

    public static void AssertAt(Diagnostic d, string json, string quoted, int occurrence = 1)
    {
        var (line, column) = PositionOf(json, quoted, occurrence);
        Assert.Equal((line, column), (d.Line, d.Column));
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
    }
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sekisho.Policy;
using Sekisho.Policy.Validation;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho policy validate FILE|- [--format text|json]</c>: the parser's errors and the validator's warnings for
/// one policy document. Exit 0 without errors (warnings allowed), 1 with errors, 2 for bad input.
/// </summary>
public static class PolicyValidateCommand
{
    private const string Command = "validate";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var arguments = new Arguments(Command, args, ["format"], []);
        if (arguments.Positional.Count != 1)
            throw new CliException($"{Command}: expected one policy FILE (or - for stdin), got {arguments.Positional.Count} (usage: sekisho policy validate FILE [--format text|json])");
        var format = arguments.Option("format") ?? "text";
        if (format is not ("text" or "json"))
            throw new CliException($"{Command}: --format must be text or json, not '{format}'");
        var path = arguments.Positional[0];
        var text = InputFiles.ReadText(path, console);
        var name = path == "-" ? "<stdin>" : path;

        var result = PolicyValidator.ParseAndValidate(text);
        var output = format == "json" ? Json(name, result.Diagnostics) : Text(name, result.Diagnostics);
        await console.Out.WriteAsync(output.AsMemory(), cancellationToken).ConfigureAwait(false);
        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        return result.HasErrors ? ExitCodes.Findings : ExitCodes.Ok;
    }

    private static string Text(string name, IReadOnlyList<Diagnostic> diagnostics)
    {
        if (diagnostics.Count == 0) return $"{name}: no errors or warnings\n";
        var sb = new StringBuilder();
        foreach (var d in diagnostics)
            sb.Append(name).Append(':').Append(d.Line).Append(':').Append(d.Column).Append(": ")
              .Append(SeverityName(d.Severity)).Append(' ').Append(d.Code).Append(": ").Append(d.Message).Append('\n');
        return sb.ToString();
    }

    // The relaxed encoder keeps quotes and apostrophes in messages readable (\" rather than \u0022); the output is
    // never embedded in HTML.
    private static string Json(string name, IReadOnlyList<Diagnostic> diagnostics)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var errors = 0;
            foreach (var d in diagnostics)
                if (d.Severity == DiagnosticSeverity.Error) errors++;
            w.WriteStartObject();
            w.WriteString("file", name);
            w.WriteNumber("errors", errors);
            w.WriteNumber("warnings", diagnostics.Count - errors);
            w.WriteStartArray("findings");
            foreach (var d in diagnostics)
            {
                w.WriteStartObject();
                w.WriteString("severity", SeverityName(d.Severity));
                w.WriteString("code", d.Code);
                w.WriteNumber("line", d.Line);
                w.WriteNumber("column", d.Column);
                w.WriteString("message", d.Message);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string SeverityName(DiagnosticSeverity severity) => severity == DiagnosticSeverity.Error ? "error" : "warning";
}

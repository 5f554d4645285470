using System.Text;
using System.Text.Json;
using Sekisho.Cedar;
using Sekisho.Cedar.Schema;
using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Validation;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho cedar validate --policies P.cedar --schema S.cedarschema [--format text|json]</c>: strict validation
/// of policies against a schema (a <c>.json</c> schema file is read in the JSON schema format). Exit 0 when
/// valid, 1 with the errors, 2 when a file cannot be read or parsed. Warnings go to stderr.
/// </summary>
public static class CedarValidateCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var arguments = new Arguments("validate", args, ["policies", "schema", "format"], []);
        if (arguments.Positional.Count > 0) throw new CliException($"validate: unexpected argument '{arguments.Positional[0]}'");
        var policiesPath = arguments.Required("policies");
        var schemaPath = arguments.Required("schema");
        var format = arguments.Option("format") ?? "text";
        if (format is not ("text" or "json")) throw new CliException($"validate: --format must be text or json, not '{format}'");

        var schema = LoadSchema(schemaPath, console);
        var policies = LoadPolicies(policiesPath, console);
        var result = CedarValidator.Validate(policies, schema);

        if (format == "json")
        {
            console.Out.WriteLine(ToJson(policiesPath, result));
        }
        else
        {
            foreach (var e in result.Errors)
            {
                console.Out.WriteLine($"{policiesPath}:{e.Span.Line}:{e.Span.Column}: error in {e.PolicyId}: {e.Message}");
            }
        }
        foreach (var w in result.Warnings)
        {
            console.Error.WriteLine($"{policiesPath}:{w.Span.Line}:{w.Span.Column}: warning in {w.PolicyId}: {w.Message}");
        }
        return Task.FromResult(result.IsValid ? ExitCodes.Ok : ExitCodes.Findings);
    }

    /// <summary>Reads a schema in the format its file name says (<c>.json</c>: JSON, otherwise human-readable).</summary>
    public static CedarSchema LoadSchema(string path, CliConsole console) => ParseSchema(path, InputFiles.ReadText(path, console));

    /// <summary>Parses schema text in the format its file name says, as a one-line CLI error when invalid.</summary>
    public static CedarSchema ParseSchema(string path, string text)
    {
        try
        {
            return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? CedarSchema.ParseJson(text) : CedarSchema.ParseCedar(text);
        }
        catch (SchemaException e)
        {
            var where = e.Line > 0 ? $"{path}:{e.Line}:{e.Column}" : e.JsonPath is not null ? $"{path}: at {e.JsonPath}" : path;
            throw new CliException($"{where}: invalid schema: {e.Reason}", e);
        }
    }

    private static PolicySet LoadPolicies(string path, CliConsole console)
    {
        var text = InputFiles.ReadText(path, console);
        try
        {
            return PolicySet.ParseWithAnnotationIds(text);
        }
        catch (CedarParseException e)
        {
            throw new CliException($"{path}:{e.Line}:{e.Column}: {e.Reason}", e);
        }
        catch (CedarException e)
        {
            throw new CliException($"{path}: {e.Message}", e);
        }
    }

    private static string ToJson(string file, ValidationResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var e in result.Errors)
            {
                writer.WriteStartObject();
                writer.WriteString("file", file);
                writer.WriteString("policyId", e.PolicyId);
                writer.WriteString("kind", e.Kind.ToString());
                writer.WriteNumber("line", e.Span.Line);
                writer.WriteNumber("column", e.Span.Column);
                writer.WriteString("message", e.Message);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sekisho.Policy;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho policy simulate [FILE|-]</c>: decides one scenario object, or an array of them, and prints one result
/// object (or an array in the same order). The contract is in src/Sekisho.Policy/README.md.
/// </summary>
public static class PolicySimulateCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var arguments = new Arguments("simulate", args, [], ["no-explanation"]);
        if (arguments.Positional.Count > 1) throw new CliException("simulate: expected at most one FILE (or - for stdin)");
        var path = arguments.Positional.Count == 1 ? arguments.Positional[0] : "-";
        var where = path == "-" ? "stdin" : path;
        var text = InputFiles.ReadText(path, console);
        JsonDocument input;
        try
        {
            input = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException e)
        {
            throw new CliException($"simulate: {where}: malformed JSON at line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}", e);
        }
        using (input)
        {
            var explain = !arguments.Has("no-explanation");
            var root = input.RootElement;
            var buffer = new MemoryStream();
            await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                if (root.ValueKind == JsonValueKind.Array)
                {
                    // Decide everything before writing anything, so bad input never leaves half an answer on stdout.
                    var results = new List<EvaluationResult>(root.GetArrayLength());
                    var index = 0;
                    foreach (var item in root.EnumerateArray())
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        results.Add(SimulationScenario.Decide(item, $"{where}: scenario [{index}]", explain));
                        index++;
                    }
                    writer.WriteStartArray();
                    foreach (var r in results) EvaluationResultJson.Write(writer, r);
                    writer.WriteEndArray();
                }
                else
                {
                    EvaluationResultJson.Write(writer, SimulationScenario.Decide(root, $"{where}: scenario", explain));
                }
            }
            await console.Out.WriteLineAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).AsMemory(), cancellationToken).ConfigureAwait(false);
            await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        return ExitCodes.Ok;
    }
}

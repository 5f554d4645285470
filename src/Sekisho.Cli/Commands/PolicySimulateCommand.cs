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
    private const int FlushBytes = 1 << 20;

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
        var explain = !arguments.Has("no-explanation");
        var cache = new Dictionary<string, CompiledPolicy>(StringComparer.Ordinal);
        var isArray = input.RootElement.ValueKind == JsonValueKind.Array;
        // Read every scenario before deciding any, so bad input never leaves half an answer on stdout.
        var scenarios = new List<(PolicySet Policies, RequestContext Request)>();
        using (input)
        {
            if (isArray)
            {
                var index = 0;
                foreach (var item in input.RootElement.EnumerateArray())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    scenarios.Add(SimulationScenario.Read(item, $"{where}: scenario [{index}]", cache));
                    index++;
                }
            }
            else
            {
                scenarios.Add(SimulationScenario.Read(input.RootElement, $"{where}: scenario", cache));
            }
        }
        var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            if (isArray) writer.WriteStartArray();
            foreach (var (policies, request) in scenarios)
            {
                EvaluationResultJson.Write(writer, PolicyEvaluator.Evaluate(policies, request, explain));
                if (writer.BytesPending + buffer.Length > FlushBytes)
                    await DrainAsync(writer, buffer, console, cancellationToken).ConfigureAwait(false);
            }
            if (isArray) writer.WriteEndArray();
            await DrainAsync(writer, buffer, console, cancellationToken).ConfigureAwait(false);
        }
        await console.Out.WriteLineAsync().ConfigureAwait(false);
        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task DrainAsync(Utf8JsonWriter writer, MemoryStream buffer, CliConsole console, CancellationToken cancellationToken)
    {
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        await console.Out.WriteAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).AsMemory(), cancellationToken).ConfigureAwait(false);
        buffer.SetLength(0);
    }
}

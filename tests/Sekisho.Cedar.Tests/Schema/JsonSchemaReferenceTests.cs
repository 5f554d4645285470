using System.Text;
using System.Text.Json;
using Sekisho.Cedar.Schema;
using Sekisho.TestSupport;

namespace Sekisho.Cedar.Tests.Schema;

/// <summary>
/// The JSON schema parser against the reference: cedar-wasm (4.12, run as a separate Node process) converts
/// corpus schemas to the JSON format, and both our parsers must then produce the same model.
/// </summary>
public class JsonSchemaReferenceTests
{
    private const string Script = """
        const cedar = require(process.argv[2]);
        const fs = require('fs');
        const files = JSON.parse(fs.readFileSync(0, 'utf8'));
        const out = {};
        for (const f of files) {
          const r = cedar.schemaToJson(fs.readFileSync(f, 'utf8'));
          out[f] = r.type === 'success' ? r.json : { error: JSON.stringify(r.errors) };
        }
        process.stdout.write(JSON.stringify(out));
        """;

    [Fact]
    public async Task JsonFromTheReferenceParsesToTheSameSchemaAsTheHumanReadableText()
    {
        var wasm = RepoPaths.InRepo("tools/reference/node_modules/@cedar-policy/cedar-wasm/nodejs");
        if (!Directory.Exists(wasm)) throw new InvalidOperationException($"{wasm} missing: run `npm ci` in tools/reference (./test.sh does)");
        var all = Directory.GetFiles(SchemaCorpus.Root, "*.cedarschema", SearchOption.AllDirectories);
        Array.Sort(all, StringComparer.Ordinal);
        // Every 8th corpus schema (a fixed sample, about 1,000) keeps the Node run short.
        var sample = new List<string>();
        for (var i = 0; i < all.Length; i++)
        {
            if (i % 8 == 0 || all[i].Contains("sample-data", StringComparison.Ordinal)) sample.Add(all[i]);
        }
        var script = Path.Combine(Path.GetTempPath(), $"sekisho-schema-to-json-{Environment.ProcessId}.js");
        await File.WriteAllTextAsync(script, Script);
        CliRunner.Result result;
        try
        {
            result = await CliRunner.RunAsync("node", [script, wasm], stdin: JsonSerializer.Serialize(sample), timeout: TimeSpan.FromMinutes(5));
        }
        finally
        {
            File.Delete(script);
        }
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        var mismatches = new List<string>();
        var compared = 0;
        foreach (var entry in doc.RootElement.EnumerateObject())
        {
            Assert.False(entry.Value.TryGetProperty("error", out var error), $"{entry.Name}: the reference rejected it: {error}");
            var human = Describe(CedarSchema.ParseCedar(File.ReadAllText(entry.Name)));
            var json = Describe(CedarSchema.ParseJson(entry.Value.GetRawText()));
            compared++;
            if (human != json) mismatches.Add($"{Path.GetFileName(entry.Name)}:\n{human}---\n{json}");
        }
        Assert.Equal(sample.Count, compared);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {compared} differ; first:\n{string.Join("\n", mismatches.Take(3))}");
    }

    private static string Describe(CedarSchema schema)
    {
        var sb = new StringBuilder();
        foreach (var name in schema.EntityTypes.Keys.Order(StringComparer.Ordinal))
        {
            var t = schema.EntityTypes[name];
            sb.Append($"entity {name} in [{string.Join(",", t.MemberOfTypes.Order(StringComparer.Ordinal))}] {Type(t.Shape)}")
              .Append($" tags {(t.Tags is null ? "-" : Type(t.Tags))} enum {(t.EnumIds is null ? "-" : string.Join(",", t.EnumIds.Select(id => $"\"{id}\"")))}\n");
        }
        foreach (var uid in schema.Actions.Keys.OrderBy(u => u.ToString(), StringComparer.Ordinal))
        {
            var a = schema.Actions[uid];
            sb.Append($"action {uid} in [{string.Join(",", a.MemberOf.Select(m => m.ToString()).Order(StringComparer.Ordinal))}]")
              .Append($" principal [{string.Join(",", a.PrincipalTypes.Order(StringComparer.Ordinal))}] resource [{string.Join(",", a.ResourceTypes.Order(StringComparer.Ordinal))}] context {Type(a.Context)}\n");
        }
        return sb.ToString();
    }

    private static string Type(SchemaType t) => t.Kind switch
    {
        SchemaTypeKind.Record => "{" + string.Join(",", t.Attributes!.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key}{(x.Value.Required ? "" : "?")}:{Type(x.Value.Type)}")) + "}",
        SchemaTypeKind.Set => $"Set<{Type(t.Element!)}>",
        _ => t.ToString(),
    };
}

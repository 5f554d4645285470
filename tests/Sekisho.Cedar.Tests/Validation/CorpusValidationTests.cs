using System.Text.Json;
using Sekisho.Cedar.Schema;
using Sekisho.Cedar.Tests.Schema;
using Sekisho.Cedar.Validation;
using Xunit.Abstractions;

namespace Sekisho.Cedar.Tests.Validation;

public class CorpusValidationTests(ITestOutputHelper output)
{
    [Fact]
    public void ValidationOutcomeMatchesShouldValidateOnTheWholeCorpus()
    {
        var files = SchemaCorpus.TestFiles();
        Assert.True(files.Count >= 7831, $"expected 7,831 test files, found {files.Count}");
        var disagreements = new List<string>();
        foreach (var file in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var root = doc.RootElement;
            var policies = PolicySet.Parse(File.ReadAllText(Path.Combine(SchemaCorpus.Root, root.GetProperty("policies").GetString()!)));
            var schema = CedarSchema.ParseCedar(File.ReadAllText(Path.Combine(SchemaCorpus.Root, root.GetProperty("schema").GetString()!)));
            var expected = root.GetProperty("shouldValidate").GetBoolean();
            var result = CedarValidator.Validate(policies, schema);
            if (result.IsValid != expected)
            {
                var why = result.IsValid ? "no errors" : string.Join(" | ", result.Errors.Take(3));
                disagreements.Add($"{Path.GetFileName(file)}: expected {(expected ? "valid" : "invalid")}, got {why}");
            }
        }
        var agreement = 100.0 * (files.Count - disagreements.Count) / files.Count;
        output.WriteLine($"shouldValidate agreement: {files.Count - disagreements.Count}/{files.Count} ({agreement:F2}%)");
        foreach (var d in disagreements.Take(40)) output.WriteLine(d);
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements ({agreement:F2}% agreement); first: {string.Join("\n", disagreements.Take(15))}");
    }
}

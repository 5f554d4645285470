using Sekisho.TestSupport;

namespace Sekisho.Cedar.Tests.Schema;

public class SchemaCorpusDecisionTests
{
    [Fact]
    public async Task HandWrittenCorpusTestsPassWithSchemaDirectedParsing()
    {
        // These files write entity references and extension values in the implicit forms only a schema can
        // type, mark their requests validateRequest and state shouldValidate: every request must match.
        var files = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(SchemaCorpus.Root, "tests"), "*.json", SearchOption.AllDirectories))
        {
            files.Add(Path.GetRelativePath(SchemaCorpus.Root, file));
        }
        files.Sort(StringComparer.Ordinal);
        Assert.Equal(22, files.Count);
        var result = await CliRunner.RunSekishoAsync(["cedar", "test", "--root", SchemaCorpus.Root, .. files]);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {lines[^1]}\n{result.Stderr}");
        Assert.Matches(@"^\d+ passed, 0 failed$", lines[^1]);
    }

    [Fact]
    public async Task AuthorizeReadsEntitiesAndContextThroughTheSchemaAndValidatesTheRequest()
    {
        var dir = Directory.CreateTempSubdirectory("sekisho-authorize-schema-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "s.cedarschema"), """
                entity User = { manager?: User, ip: ipaddr };
                action view appliesTo { principal: User, resource: User, context: { from: ipaddr } };
                """);
            File.WriteAllText(Path.Combine(dir, "p.cedar"), """
                permit(principal, action, resource)
                when { principal has manager && principal.manager == resource && context.from.isInRange(principal.ip) };
                """);
            File.WriteAllText(Path.Combine(dir, "e.json"), """
                [{ "uid": { "type": "User", "id": "a" }, "attrs": { "manager": { "type": "User", "id": "b" }, "ip": "10.0.0.0/8" } },
                 { "uid": { "type": "User", "id": "b" }, "attrs": { "ip": "10.1.0.0/16" } }]
                """);
            File.WriteAllText(Path.Combine(dir, "r.json"), """
                { "principal": { "type": "User", "id": "a" }, "action": { "type": "Action", "id": "view" },
                  "resource": { "type": "User", "id": "b" }, "context": { "from": "10.2.3.4" } }
                """);
            File.WriteAllText(Path.Combine(dir, "bad.json"), """
                { "principal": { "type": "User", "id": "a" }, "action": { "type": "Action", "id": "view" },
                  "resource": { "type": "User", "id": "b" }, "context": {} }
                """);
            string[] common = ["cedar", "authorize", "--policies", Path.Combine(dir, "p.cedar"), "--entities", Path.Combine(dir, "e.json"), "--schema", Path.Combine(dir, "s.cedarschema")];

            var allowed = await CliRunner.RunSekishoAsync([.. common, "--request", Path.Combine(dir, "r.json")]);
            Assert.True(allowed.ExitCode == 0, allowed.Stderr);
            Assert.Contains("\"allow\"", allowed.Stdout, StringComparison.Ordinal);

            var invalid = await CliRunner.RunSekishoAsync([.. common, "--request", Path.Combine(dir, "bad.json")]);
            Assert.Equal(2, invalid.ExitCode);
            Assert.Contains("required attribute `from` is missing", invalid.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

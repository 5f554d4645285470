using System.Text.Json;
using Sekisho.TestSupport;

namespace Sekisho.Cedar.Tests.Validation;

public sealed class CedarValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sekisho-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string Schema = """
        entity User = { name: String, age?: Long };
        action view appliesTo { principal: User, resource: User };
        """;

    [Fact]
    public async Task ValidPoliciesExitZero()
    {
        var schema = Write("s.cedarschema", Schema);
        var policies = Write("p.cedar", "permit(principal, action, resource) when { principal.name == \"a\" };");
        var result = await CliRunner.RunSekishoAsync(["cedar", "validate", "--policies", policies, "--schema", schema]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout.Trim());
    }

    [Fact]
    public async Task ErrorsAreListedWithFileLineColumnAndPolicyAndExitOne()
    {
        var schema = Write("s.cedarschema", Schema);
        var policies = Write("p.cedar", "permit(principal, action, resource);\npermit(principal, action, resource)\nwhen { principal.age > 1 };");
        var result = await CliRunner.RunSekishoAsync(["cedar", "validate", "--policies", policies, "--schema", schema]);
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{policies}:3:8: error in policy1: ", line, StringComparison.Ordinal);
        Assert.Contains("optional attribute `age`", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonFormatIsAnArrayOfErrorObjects()
    {
        var schema = Write("s.json", """
            { "": { "entityTypes": { "User": { "shape": { "type": "Record", "attributes": { "name": { "type": "String" } } } } },
                    "actions": { "view": { "appliesTo": { "principalTypes": ["User"], "resourceTypes": ["User"] } } } } }
            """);
        var policies = Write("p.cedar", "permit(principal, action, resource) when { principal.nope };");
        var result = await CliRunner.RunSekishoAsync(["cedar", "validate", "--policies", policies, "--schema", schema, "--format", "json"]);
        Assert.Equal(1, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var error = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("policy0", error.GetProperty("policyId").GetString());
        Assert.Equal("UnsafeAttributeAccess", error.GetProperty("kind").GetString());
        Assert.Equal(1, error.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task AnUnparsableSchemaIsBadInputWithItsPosition()
    {
        var schema = Write("s.cedarschema", "entity User = {\n  name String };");
        var policies = Write("p.cedar", "permit(principal, action, resource);");
        var result = await CliRunner.RunSekishoAsync(["cedar", "validate", "--policies", policies, "--schema", schema]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{schema}:2:8:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnparsablePoliciesAreBadInput()
    {
        var schema = Write("s.cedarschema", Schema);
        var policies = Write("p.cedar", "permit(principal, action, resource) when { principal. };");
        var result = await CliRunner.RunSekishoAsync(["cedar", "validate", "--policies", policies, "--schema", schema]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{policies}:1:", result.Stderr, StringComparison.Ordinal);
    }
}

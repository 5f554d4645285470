using System.Text.Json;
using Sekisho.Cli;

namespace Sekisho.Cedar.Tests;

public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sekisho-cedar-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(args, new CliConsole(new StringReader(""), stdout, stderr));
        return (code, stdout.ToString(), stderr.ToString());
    }

    private const string Request = """
        {"principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "view"},
         "resource": {"type": "Photo", "id": "p1"}, "context": {"n": 1}}
        """;

    [Fact]
    public async Task AuthorizeUsesAnnotationIdsWhenPresent()
    {
        var policies = Write("p.cedar", """
            @id("alice-may-view")
            permit(principal == User::"alice", action == Action::"view", resource);
            permit(principal, action, resource) when { context.n == 1 };
            forbid(principal, action, resource) when { context.missing };
            """);
        var (code, output, _) = await Run("cedar", "authorize", "--policies", policies, "--entities", Write("e.json", Eval.Entities), "--request", Write("r.json", Request));
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("allow", doc.RootElement.GetProperty("decision").GetString());
        Assert.Equal(["alice-may-view", "policy1"], doc.RootElement.GetProperty("reason").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["policy2"], doc.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task BadPolicyTextExitsTwoWithFileLineAndColumn()
    {
        var policies = Write("bad.cedar", "permit(principal, action, resource)\nwhen { principal.age > };");
        var (code, _, err) = await Run("cedar", "authorize", "--policies", policies, "--entities", Write("e.json", "[]"), "--request", Write("r.json", Request));
        Assert.Equal(2, code);
        Assert.Contains("bad.cedar: line 2, column 24", err, StringComparison.Ordinal);
        Assert.Contains("expected an expression", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public async Task BadEntitiesNameTheFileAndPath()
    {
        var (code, _, err) = await Run("cedar", "authorize", "--policies", Write("p.cedar", ""), "--entities",
            Write("e.json", """[{"uid": {"type": "User", "id": "a"}, "attrs": {"x": 1.5}}]"""), "--request", Write("r.json", Request));
        Assert.Equal(2, code);
        Assert.Contains("e.json: [0].attrs.x", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEntityCycleExitsTwoWithTheReferenceMessage()
    {
        var (code, _, err) = await Run("cedar", "authorize", "--policies", Write("p.cedar", "permit(principal, action, resource);"), "--entities",
            Write("e.json", """[{"uid": {"type": "Group", "id": "g0"}, "attrs": {}, "parents": [{"type": "Group", "id": "g0"}]}]"""), "--request", Write("r.json", Request));
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.EndsWith("e.json: transitive closure computation/enforcement error: input graph has a cycle containing vertex `Group::\"g0\"`",
            err.Trim(), StringComparison.Ordinal);
    }

    // With a schema the action entities it declares are added to the file's, which may list them too.
    [Theory]
    [InlineData("[]", 0)]
    [InlineData("""[{"uid": {"type": "Action", "id": "view"}, "attrs": {}, "parents": []}, {"uid": {"type": "Action", "id": "view"}, "attrs": {}, "parents": []}]""", 0)]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": []}, {"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": []}]""", 0)]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": []}, {"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": [{"type": "User", "id": "bob"}]}]""", 2)]
    public async Task DuplicateEntitiesWithASchema(string entities, int expectedCode)
    {
        var schema = Write("s.cedarschema", "entity User in [User]; entity Photo; action view appliesTo { principal: User, resource: Photo, context: { n: Long } };");
        var (code, output, err) = await Run("cedar", "authorize", "--policies", Write("p.cedar", "permit(principal == User::\"alice\", action == Action::\"view\", resource);"),
            "--entities", Write("e.json", entities), "--request", Write("r.json", Request), "--schema", schema);
        Assert.Equal(expectedCode, code);
        if (expectedCode == 0) Assert.Equal("allow", JsonDocument.Parse(output).RootElement.GetProperty("decision").GetString());
        else Assert.Contains("duplicate entity entry `User::\"alice\"`", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestCommandPrintsOneLinePerRequestAndTheCounts()
    {
        Write("p.cedar", "permit(principal == User::\"alice\", action, resource);");
        Write("e.json", Eval.Entities);
        var test = Write("t.json", $$"""
            {"policies": "p.cedar", "entities": "e.json",
             "requests": [
               {"description": "alice", "principal": {"type": "User", "id": "alice"}, "action": {"type": "Action", "id": "view"},
                "resource": {"type": "Photo", "id": "p1"}, "context": {}, "decision": "allow", "reason": ["policy0"], "errors": []},
               {"description": "bob (expected wrongly)", "principal": {"type": "User", "id": "bob"}, "action": {"type": "Action", "id": "view"},
                "resource": {"type": "Photo", "id": "p1"}, "context": {}, "decision": "allow", "reason": ["policy0"], "errors": []}
             ]}
            """);
        var (code, output, err) = await Run("cedar", "test", "--root", _dir, test);
        var lines = output.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        using (var first = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal("alice", first.RootElement.GetProperty("description").GetString());
            Assert.Equal("allow", first.RootElement.GetProperty("decision").GetString());
            Assert.Equal(test, first.RootElement.GetProperty("file").GetString());
        }
        using (var second = JsonDocument.Parse(lines[1])) Assert.Equal("deny", second.RootElement.GetProperty("decision").GetString());
        Assert.Equal("1 passed, 1 failed", lines[2]);
        Assert.Equal(1, code);
        Assert.Contains("bob (expected wrongly)", err, StringComparison.Ordinal);
    }
}

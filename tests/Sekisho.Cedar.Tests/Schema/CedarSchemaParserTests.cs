using Sekisho.Cedar.Schema;

namespace Sekisho.Cedar.Tests.Schema;

public class CedarSchemaParserTests
{
    [Fact]
    public void ParsesEntitiesActionsAndCommonTypesInANamespace()
    {
        var schema = CedarSchema.ParseCedar("""
            // a comment
            namespace App {
              type Address = { street: String, zip?: Long };
              @doc("people")
              entity User in [Group] = { name: String, address?: Address, ip: ipaddr } tags Set<String>;
              entity Group, Team in Group;
              entity Color enum ["red", "green"];
              action "read", write in [all] appliesTo { principal: [User], resource: Group, context: { when: datetime } };
              action all;
            }
            """);

        var user = schema.EntityTypes["App::User"];
        Assert.Equal(["App::Group"], user.MemberOfTypes);
        Assert.Equal(SchemaType.String, user.Shape.Attributes!["name"].Type);
        var address = user.Shape.Attributes["address"];
        Assert.False(address.Required);
        Assert.Equal(SchemaTypeKind.Record, address.Type.Kind);
        Assert.False(address.Type.Attributes!["zip"].Required);
        Assert.Equal(SchemaType.Extension("ipaddr"), user.Shape.Attributes["ip"].Type);
        Assert.Equal(SchemaType.Set(SchemaType.String), user.Tags);
        Assert.Equal(["App::Group"], schema.EntityTypes["App::Team"].MemberOfTypes);
        Assert.Equal(["red", "green"], schema.EntityTypes["App::Color"].EnumIds!);

        var read = schema.Actions[new SchemaActionUid("App::Action", "read")];
        Assert.Equal(["App::User"], read.PrincipalTypes);
        Assert.Equal(["App::Group"], read.ResourceTypes);
        Assert.Equal(SchemaType.Extension("datetime"), read.Context.Attributes!["when"].Type);
        Assert.Equal([new SchemaActionUid("App::Action", "all")], read.MemberOf);
        Assert.Contains(new SchemaActionUid("App::Action", "all"), schema.ActionAncestors(new SchemaActionUid("App::Action", "write")));
        Assert.Empty(schema.Actions[new SchemaActionUid("App::Action", "all")].PrincipalTypes);
        Assert.Contains("App::User", schema.DescendantTypes("App::Group"));
    }

    [Fact]
    public void UnqualifiedNamesPreferTheCurrentNamespaceThenTheEmptyOneAndCommonTypesOverEntities()
    {
        var schema = CedarSchema.ParseCedar("""
            entity Shared;
            type Long = String;
            namespace N {
              entity E = { a: Shared, b: Long, c: __cedar::Long, d: Thing };
              type Thing = Bool;
              entity Thing;
            }
            """);
        var attrs = schema.EntityTypes["N::E"].Shape.Attributes!;
        Assert.Equal(SchemaType.Entity("Shared"), attrs["a"].Type);
        Assert.Equal(SchemaType.String, attrs["b"].Type);
        Assert.Equal(SchemaType.Long, attrs["c"].Type);
        Assert.Equal(SchemaType.Bool, attrs["d"].Type);
    }

    [Fact]
    public void ActionGroupsMayBeQualifiedAcrossNamespaces()
    {
        var schema = CedarSchema.ParseCedar("""
            namespace A { action base; }
            namespace B { action x in [A::Action::"base", "y"]; action y; }
            """);
        var x = schema.Actions[new SchemaActionUid("B::Action", "x")];
        Assert.Equal([new SchemaActionUid("A::Action", "base"), new SchemaActionUid("B::Action", "y")], x.MemberOf);
    }

    [Theory]
    [InlineData("entity A = { a: Strin };", 1, 17, "`Strin`")]
    [InlineData("entity A in [B];", 1, 14, "`B` is not a declared entity type")]
    [InlineData("entity A\n  = { a String };", 2, 9, "expected `:`")]
    [InlineData("action a in [b];", 1, 14, "undeclared action")]
    [InlineData("type T = { a: U };\ntype U = T;", 1, 6, "cycle")]
    [InlineData("entity A;\nentity A;", 2, 8, "duplicate entity type `A`")]
    [InlineData("entity A = { \"x\": Long, x: Long };", 1, 25, "duplicate attribute `x`")]
    [InlineData("action a appliesTo { resource: [A] };\nentity A;", 1, 10, "missing `principal`")]
    [InlineData("entity if;", 1, 8, "reserved")]
    [InlineData("entity A = { s: \"x\" };", 1, 17, "expected a type")]
    [InlineData("entity A = { a: Long }", 1, 23, "end of input")]
    public void ReportsErrorsWithPositions(string text, int line, int column, string fragment)
    {
        var e = Assert.Throws<SchemaException>(() => CedarSchema.ParseCedar(text));
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCorpusSchemaParses()
    {
        var files = Directory.GetFiles(SchemaCorpus.Root, "*.cedarschema", SearchOption.AllDirectories);
        Assert.True(files.Length >= 7800, $"expected the whole corpus, found {files.Length} schema files");
        var failures = new List<string>();
        foreach (var file in files)
        {
            try
            {
                CedarSchema.ParseCedar(File.ReadAllText(file));
            }
            catch (SchemaException e)
            {
                failures.Add($"{Path.GetFileName(file)}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }
}

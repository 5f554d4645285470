using Sekisho.Cedar.Ast;
using Sekisho.Cedar.Json;
using Sekisho.Cedar.Syntax;

namespace Sekisho.Cedar.Tests.RoundTrip;

/// <summary>The JSON policy reader's accepted alternatives and its errors (what and where).</summary>
public sealed class PolicyJsonReaderTests
{
    [Fact]
    public void ReadsTheDocumentedAlternativeForms()
    {
        // `has` with a path, a bare {"type","id"} entity, and a Value holding a set, a record and an __extn value.
        const string json = """
            {"effect":"forbid","principal":{"op":"==","entity":{"__entity":{"type":"User","id":"a"}}},
             "action":{"op":"in","entities":[{"type":"Action","id":"view"}]},"resource":{"op":"All"},
             "conditions":[{"kind":"unless","body":{"&&":{
               "left":{"has":{"left":{"Var":"context"},"attr":["a","b"]}},
               "right":{"==":{"left":{"Value":[1,{"k":"v"}]},"right":{"Value":{"__extn":{"fn":"ip","arg":"10.0.0.1"}}}}}}}}]}
            """;
        var read = PolicyJsonReader.Parse(json, "p");
        var text = Parser.ParsePolicy(
            """forbid(principal == User::"a", action in [Action::"view"], resource) unless { context has a.b && [1, {k: "v"}] == ip("10.0.0.1") };""", "p");
        Assert.Null(AstEquality.Difference(text, read));
        Assert.Equal(Effect.Forbid, read.Effect);
    }

    [Theory]
    [InlineData("""{"effect":"allow","principal":{"op":"All"},"action":{"op":"All"},"resource":{"op":"All"},"conditions":[]}""", "effect")]
    [InlineData("""{"effect":"permit","principal":{"op":"All"},"action":{"op":"All"},"resource":{"op":"All"}}""", "")]
    [InlineData("""{"effect":"permit","principal":{"op":"like"},"action":{"op":"All"},"resource":{"op":"All"},"conditions":[]}""", "principal.op")]
    [InlineData("""{"effect":"permit","principal":{"op":"All"},"action":{"op":"==","entity":{"type":"User","id":"a"}},"resource":{"op":"All"},"conditions":[]}""", "action.entity")]
    [InlineData("""{"effect":"permit","principal":{"op":"All"},"action":{"op":"All"},"resource":{"op":"All"},"conditions":[{"kind":"when","body":{"&&":{"left":{"Value":true}}}}]}""", "conditions[0].body.&&")]
    [InlineData("""{"effect":"permit","principal":{"op":"All"},"action":{"op":"All"},"resource":{"op":"All"},"conditions":[{"kind":"when","body":{"frobnicate":[]}}]}""", "conditions[0].body.frobnicate")]
    [InlineData("""{"effect":"permit","principal":{"op":"All"},"action":{"op":"All"},"resource":{"op":"All"},"conditions":[{"kind":"when","body":{"Value":1.5}}]}""", "conditions[0].body.Value")]
    [InlineData("""{"effect":"permit","principal":{"op":"==","slot":"?resource"},"action":{"op":"All"},"resource":{"op":"All"},"conditions":[]}""", "principal.slot")]
    public void RejectsBadJsonNamingWhere(string json, string path)
    {
        var e = Assert.Throws<CedarJsonException>(() => PolicyJsonReader.Parse(json, "p"));
        Assert.Equal(path, e.Path);
        Assert.False(string.IsNullOrEmpty(e.Reason));
    }

    [Fact]
    public void WritesLongsExactlyAndReadsThemBack()
    {
        var p = Parser.ParsePolicy("permit(principal, action, resource) when { -9223372036854775808 < 9223372036854775807 };", "p");
        var json = PolicyJsonWriter.ToJson(p);
        Assert.Contains("-9223372036854775808", json, StringComparison.Ordinal);
        Assert.Contains("9223372036854775807", json, StringComparison.Ordinal);
        Assert.Null(AstEquality.Difference(p, PolicyJsonReader.Parse(json, "p")));
    }
}

using Sekisho.Cedar.Entities;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Tests;

public class EntityJsonTests
{
    [Fact]
    public void ClosureOfParentsIsComputedOnce()
    {
        var store = Eval.Store0;
        var alice = store.Get(new EntityUid("User", "alice"))!;
        Assert.Contains(new EntityUid("Group", "everyone"), alice.Ancestors);
        Assert.Equal(2, alice.Ancestors.Count);
    }

    // The reference (cedar-wasm 4.12) rejects any parent cycle with this message; which vertex it names depends
    // on its hash order, so only "a vertex on the cycle" is checked.
    [Theory]
    [InlineData("""[{"uid": {"type": "G", "id": "a"}, "attrs": {}, "parents": [{"type": "G", "id": "a"}]}]""", "a")]
    [InlineData("""[{"uid": {"type": "G", "id": "a"}, "parents": [{"type": "G", "id": "b"}]}, {"uid": {"type": "G", "id": "b"}, "parents": [{"type": "G", "id": "a"}]}]""", "ab")]
    [InlineData("""
        [{"uid": {"type": "G", "id": "d"}, "parents": [{"type": "G", "id": "a"}]},
         {"uid": {"type": "G", "id": "a"}, "parents": [{"type": "G", "id": "b"}, {"type": "G", "id": "x"}]},
         {"uid": {"type": "G", "id": "b"}, "parents": [{"type": "G", "id": "c"}]},
         {"uid": {"type": "G", "id": "c"}, "parents": [{"type": "G", "id": "a"}]}]
        """, "abc")]
    public void CyclesAreRejected(string json, string cycleIds)
    {
        var e = Assert.ThrowsAny<CedarException>(() => EntityJson.ParseEntities(json));
        const string prefix = "transitive closure computation/enforcement error: input graph has a cycle containing vertex `G::\"";
        Assert.StartsWith(prefix, e.Message, StringComparison.Ordinal);
        Assert.Equal(prefix.Length + 3, e.Message.Length);
        Assert.True(cycleIds.Contains(e.Message[prefix.Length], StringComparison.Ordinal), e.Message);
    }

    // A chain's closure is quadratic in memory, so the depth stays modest and the stack is made small instead:
    // a recursive closure needs far more than 128 KiB for 2,000 levels.
    [Fact]
    public void DeepChainsCloseWithoutRecursion()
    {
        const int depth = 2_000;
        var sb = new System.Text.StringBuilder("[");
        for (var i = 0; i < depth; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append("{\"uid\": {\"type\": \"G\", \"id\": \"").Append(i).Append("\"}, \"attrs\": {}, \"parents\": [");
            if (i + 1 < depth) sb.Append("{\"type\": \"G\", \"id\": \"").Append(i + 1).Append("\"}");
            sb.Append("]}");
        }
        sb.Append(']');
        var json = sb.ToString();
        EntityStore? store = null;
        var thread = new Thread(() => store = EntityJson.ParseEntities(json), maxStackSize: 128 * 1024);
        thread.Start();
        thread.Join();
        Assert.NotNull(store);
        Assert.True(store.IsIn(new EntityUid("G", "0"), new EntityUid("G", "1999")));
        Assert.Equal(depth - 1, store.Get(new EntityUid("G", "0"))!.Ancestors.Count);
        Assert.False(store.IsIn(new EntityUid("G", "5"), new EntityUid("G", "4")));
    }

    [Fact]
    public void AnEntityListedTwiceIdenticallyCountsOnce()
    {
        var store = EntityJson.ParseEntities("""
            [{"uid": {"type": "G", "id": "a"}, "attrs": {"n": 1, "s": "x"}, "parents": [{"type": "G", "id": "b"}, {"type": "G", "id": "c"}]},
             {"uid": {"type": "G", "id": "b"}, "attrs": {}, "parents": []},
             {"uid": {"type": "G", "id": "a"}, "attrs": {"s": "x", "n": 1}, "parents": [{"type": "G", "id": "c"}, {"type": "G", "id": "b"}], "tags": {}}]
            """);
        Assert.Equal(2, store.Count);
        Assert.True(store.IsIn(new EntityUid("G", "a"), new EntityUid("G", "c")));
    }

    [Theory]
    [InlineData("""{"n": 2}""", """[{"type": "G", "id": "b"}]""", "{}")]
    [InlineData("""{"n": 1}""", "[]", "{}")]
    [InlineData("""{"n": 1}""", """[{"type": "G", "id": "b"}]""", """{"t": 1}""")]
    public void AnEntityListedTwiceDifferentlyIsRejected(string attrs, string parents, string tags)
    {
        var json = $$"""
            [{"uid": {"type": "G", "id": "a"}, "attrs": {"n": 1}, "parents": [{"type": "G", "id": "b"}]},
             {"uid": {"type": "G", "id": "a"}, "attrs": {{attrs}}, "parents": {{parents}}, "tags": {{tags}}}]
            """;
        var e = Assert.ThrowsAny<CedarException>(() => EntityJson.ParseEntities(json));
        Assert.Equal("duplicate entity entry `G::\"a\"`", e.Message);
    }

    [Fact]
    public void EscapesAndPlainValues()
    {
        var store = EntityJson.ParseEntities("""
            [{"uid": {"__entity": {"type": "N::T", "id": "x"}},
              "attrs": {"ip": {"__extn": {"fn": "ip", "arg": "10.0.0.1"}}, "owner": {"__entity": {"type": "U", "id": "u"}},
                        "plain": {"type": "U", "id": "u"}, "n": -9223372036854775808,
                        "later": {"__extn": {"fn": "offset", "args": [{"__extn": {"fn": "datetime", "arg": "1970-01-01"}}, {"__extn": {"fn": "duration", "arg": "1d"}}]}}}}]
            """);
        var e = store.Get(new EntityUid("N::T", "x"))!;
        Assert.True(e.Attributes.TryGetValue("ip", out var ip));
        Assert.Equal("ipaddr", ip.AsExtension.TypeName);
        Assert.True(e.Attributes.TryGetValue("owner", out var owner));
        Assert.Equal(ValueKind.Entity, owner.Kind);
        Assert.True(e.Attributes.TryGetValue("plain", out var plain));
        Assert.Equal(ValueKind.Record, plain.Kind);
        Assert.True(e.Attributes.TryGetValue("n", out var n));
        Assert.Equal(long.MinValue, n.AsLong);
        Assert.True(e.Attributes.TryGetValue("later", out var later));
        Assert.Equal("datetime", later.AsExtension.TypeName);
    }

    private sealed class Hints : IJsonTypeHints
    {
        public JsonTypeHint? AttributeType(string entityType, string attribute) => attribute switch
        {
            "owner" => JsonTypeHint.Entity("U"),
            "addr" => JsonTypeHint.Extension("ipaddr"),
            "ranges" => JsonTypeHint.Set(JsonTypeHint.Extension("ipaddr")),
            "age" => JsonTypeHint.Long,
            _ => null,
        };

        public JsonTypeHint? TagType(string entityType) => JsonTypeHint.Extension("decimal");

        public JsonTypeHint? ContextType(EntityUid action) =>
            JsonTypeHint.Record(new Dictionary<string, JsonTypeHint> { ["source_ip"] = JsonTypeHint.Extension("ipaddr") });
    }

    [Fact]
    public void HintsReadTheSchemasImplicitForms()
    {
        var store = EntityJson.ParseEntities("""
            [{"uid": {"type": "T", "id": "x"}, "attrs": {"owner": {"type": "U", "id": "u"}, "addr": "10.0.0.1", "ranges": ["10.0.0.0/8"]},
              "tags": {"score": "1.5"}}]
            """, new Hints());
        var e = store.Get(new EntityUid("T", "x"))!;
        e.Attributes.TryGetValue("owner", out var owner);
        Assert.Equal(new EntityUid("U", "u"), owner.AsEntity);
        e.Attributes.TryGetValue("addr", out var addr);
        Assert.Equal("ipaddr", addr.AsExtension.TypeName);
        e.Attributes.TryGetValue("ranges", out var ranges);
        Assert.Equal("ipaddr", ranges.AsSet.Items[0].AsExtension.TypeName);
        e.Tags.TryGetValue("score", out var score);
        Assert.Equal("decimal", score.AsExtension.TypeName);
        var request = EntityJson.ParseRequest("""
            {"principal": {"type": "U", "id": "u"}, "action": {"type": "Action", "id": "a"}, "resource": {"type": "T", "id": "x"},
             "context": {"source_ip": "1.2.3.4", "other": "1.2.3.4"}}
            """, new Hints());
        request.Context.TryGetValue("source_ip", out var ip);
        Assert.Equal(ValueKind.Extension, ip.Kind);
        request.Context.TryGetValue("other", out var other);
        Assert.Equal(ValueKind.String, other.Kind);
    }

    [Theory]
    [InlineData("""[{"uid": {"type": "T", "id": "x"}, "attrs": {"age": "old"}}]""", "[0].attrs.age")]
    [InlineData("""[{"uid": {"type": "T", "id": "x"}, "attrs": {"owner": {"type": "V", "id": "u"}}}]""", "[0].attrs.owner")]
    [InlineData("""[{"uid": {"type": "T", "id": "x"}, "attrs": {"addr": "nope"}}]""", "[0].attrs.addr")]
    [InlineData("""[{"uid": {"type": "T"}}]""", "[0].uid")]
    [InlineData("""[{"uid": {"type": "T", "id": "x"}, "attrs": {"f": 1.5}}]""", "[0].attrs.f")]
    [InlineData("""[{"uid": {"type": "T", "id": "x"}}, {"uid": {"type": "T", "id": "x"}, "attrs": {"age": 1}}]""", "duplicate entity entry")]
    public void BadInputNamesWhere(string json, string where)
    {
        var e = Assert.ThrowsAny<CedarException>(() => EntityJson.ParseEntities(json, new Hints()));
        Assert.Contains(where, e.Message, StringComparison.Ordinal);
    }
}

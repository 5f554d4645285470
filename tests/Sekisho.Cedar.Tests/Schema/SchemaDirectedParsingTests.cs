using Sekisho.Cedar.Entities;
using Sekisho.Cedar.Schema;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Tests.Schema;

public class SchemaDirectedParsingTests
{
    private static readonly CedarSchema Schema = CedarSchema.ParseCedar("""
        namespace App {
          entity Group;
          entity User in [Group] = {
            name: String,
            age?: Long,
            ip: ipaddr,
            manager?: User,
            session?: { started: datetime, limits: Set<decimal> },
          } tags duration;
          entity Color enum ["red", "green"];
          action view appliesTo { principal: User, resource: Group, context: { from: ipaddr, mfa?: Bool } };
          action edit in [view] appliesTo { principal: User, resource: Group };
        }
        """);

    private static readonly SchemaJsonTypeHints Hints = new(Schema);

    private static EntityStore Parse(string json) => SchemaEntityConformance.Conform(EntityJson.ParseEntities(json, Hints), Schema);

    private static EntityUid Uid(string type, string id) => new(type, id);

    [Fact]
    public void ReadsImplicitExtensionValuesEntityReferencesAndTypedRecords()
    {
        var store = Parse("""
            [
              { "uid": { "type": "App::User", "id": "alice" }, "parents": [{ "type": "App::Group", "id": "admins" }],
                "attrs": { "name": "Alice", "ip": "10.0.0.1", "manager": { "type": "App::User", "id": "bob" },
                           "session": { "started": "2024-10-15", "limits": ["1.5", "2.25"] } },
                "tags": { "ttl": "1h" } },
              { "uid": { "type": "App::Group", "id": "admins" }, "attrs": {}, "parents": [] }
            ]
            """);
        var alice = store.Get(Uid("App::User", "alice"))!;
        Assert.True(alice.Attributes.TryGetValue("ip", out var ip));
        Assert.Equal("ipaddr", ip.AsExtension.TypeName);
        Assert.Contains("10.0.0.1", ip.AsExtension.ToCedarString(), StringComparison.Ordinal);
        Assert.True(alice.Attributes.TryGetValue("manager", out var manager));
        Assert.Equal(Uid("App::User", "bob"), manager.AsEntity);
        Assert.True(alice.Attributes.TryGetValue("session", out var session));
        Assert.True(session.AsRecord.TryGetValue("started", out var started));
        Assert.Equal("datetime", started.AsExtension.TypeName);
        Assert.True(session.AsRecord.TryGetValue("limits", out var limits));
        foreach (var limit in limits.AsSet.Items) Assert.Equal("decimal", limit.AsExtension.TypeName);
        Assert.True(alice.Tags.TryGetValue("ttl", out var ttl));
        Assert.Equal("duration", ttl.AsExtension.TypeName);
    }

    [Fact]
    public void WithoutASchemaTheSameJsonIsARecordAndAString()
    {
        var store = EntityJson.ParseEntities("""
            [{ "uid": { "type": "App::User", "id": "alice" }, "attrs": { "ip": "10.0.0.1", "manager": { "type": "App::User", "id": "bob" } } }]
            """);
        var alice = store.Get(Uid("App::User", "alice"))!;
        Assert.True(alice.Attributes.TryGetValue("ip", out var ip));
        Assert.Equal(ValueKind.String, ip.Kind);
        Assert.True(alice.Attributes.TryGetValue("manager", out var manager));
        Assert.Equal(ValueKind.Record, manager.Kind);
    }

    [Fact]
    public void AddsTheSchemasActionEntitiesWithTheirHierarchy()
    {
        var store = Parse("""[{ "uid": { "type": "App::Action", "id": "edit" }, "attrs": {}, "parents": [{ "type": "App::Action", "id": "view" }] }]""");
        Assert.True(store.Contains(Uid("App::Action", "view")));
        Assert.True(store.IsIn(Uid("App::Action", "edit"), Uid("App::Action", "view")));
    }

    [Theory]
    [InlineData("""[{ "uid": { "type": "App::Nope", "id": "x" }, "attrs": {} }]""", "not declared in the schema")]
    [InlineData("""[{ "uid": { "type": "App::User", "id": "a" }, "attrs": { "ip": "1.2.3.4" } }]""", "required attribute `name` is missing")]
    [InlineData("""[{ "uid": { "type": "App::User", "id": "a" }, "attrs": { "name": "A", "ip": "1.2.3.4", "extra": 1 } }]""", "attribute `extra` is not declared")]
    [InlineData("""[{ "uid": { "type": "App::Group", "id": "g" }, "parents": [{ "type": "App::User", "id": "a" }] }]""", "not declared as a member of `App::User`")]
    [InlineData("""[{ "uid": { "type": "App::Group", "id": "g" }, "tags": { "t": "x" } }]""", "declares no tags")]
    [InlineData("""[{ "uid": { "type": "App::Color", "id": "blue" } }]""", "enumerated entity type")]
    [InlineData("""[{ "uid": { "type": "App::Action", "id": "edit" }, "parents": [] }]""", "does not match its schema declaration")]
    [InlineData("""[{ "uid": { "type": "App::Action", "id": "delete" } }]""", "not declared as an action")]
    public void RejectsEntitiesThatDoNotConform(string json, string fragment)
    {
        var e = Assert.Throws<EntitySchemaException>(() => Parse(json));
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AValueOfTheWrongTypeIsRejectedWhileReading()
    {
        var e = Assert.ThrowsAny<CedarException>(() => Parse("""[{ "uid": { "type": "App::User", "id": "a" }, "attrs": { "name": "A", "ip": "1.2.3.4", "age": "old" } }]"""));
        Assert.Contains("age", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ContextIsTypedByTheActionsContextType()
    {
        var request = EntityJson.ParseRequest("""
            { "principal": { "type": "App::User", "id": "a" }, "action": { "type": "App::Action", "id": "view" },
              "resource": { "type": "App::Group", "id": "g" }, "context": { "from": "192.168.0.1" } }
            """, Hints);
        Assert.True(request.Context.TryGetValue("from", out var from));
        Assert.Equal("ipaddr", from.AsExtension.TypeName);
        RequestSchemaValidator.Validate(request, Schema);
    }

    [Theory]
    [InlineData("App::Group", "view", "App::Group", """{ "from": "1.2.3.4" }""", "principal type `App::Group` is not valid")]
    [InlineData("App::User", "view", "App::User", """{ "from": "1.2.3.4" }""", "resource type `App::User` is not valid")]
    [InlineData("App::User", "delete", "App::Group", "{}", "is not declared in the schema")]
    [InlineData("App::User", "view", "App::Group", "{}", "required attribute `from` is missing")]
    [InlineData("App::User", "view", "App::Group", """{ "from": "1.2.3.4", "other": true }""", "attribute `other` is not declared")]
    [InlineData("App::Nope", "view", "App::Group", """{ "from": "1.2.3.4" }""", "principal type `App::Nope` is not declared")]
    public void RequestValidationChecksAppliesToAndContext(string principal, string action, string resource, string context, string fragment)
    {
        var request = EntityJson.ParseRequest($$"""
            { "principal": { "type": "{{principal}}", "id": "a" }, "action": { "type": "App::Action", "id": "{{action}}" },
              "resource": { "type": "{{resource}}", "id": "g" }, "context": {{context}} }
            """, Hints);
        var e = Assert.Throws<EntitySchemaException>(() => RequestSchemaValidator.Validate(request, Schema));
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }
}

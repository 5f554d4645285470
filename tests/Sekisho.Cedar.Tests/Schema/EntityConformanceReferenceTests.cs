using Sekisho.Cedar.Entities;
using Sekisho.Cedar.Schema;

namespace Sekisho.Cedar.Tests.Schema;

/// <summary>
/// Entities read with a schema, accepted or rejected as cedar-wasm 4.12's <c>checkParseEntities</c> does for the
/// same schema and data (the expected outcomes were taken from the reference).
/// </summary>
public class EntityConformanceReferenceTests
{
    private static readonly CedarSchema Schema = CedarSchema.ParseCedar("""
        namespace App {
          entity Org;
          entity Group in [Org];
          entity User in [Group] = { name: String, age?: Long, ip: ipaddr, manager?: User, session?: { started: datetime } } tags duration;
          entity Color enum ["red", "green"];
          action view appliesTo { principal: User, resource: Group, context: { from: ipaddr, mfa?: Bool } };
          action edit in [view] appliesTo { principal: User, resource: Group };
        }
        """);

    [Theory]
    [InlineData("ok", true, """[{"uid":{"type":"App::User","id":"a"},"attrs":{"name":"A","ip":"1.2.3.4"},"parents":[{"type":"App::Group","id":"g"}]}]""")]
    [InlineData("ancestor type allowed through the hierarchy", true, """[{"uid":{"type":"App::User","id":"a"},"attrs":{"name":"A","ip":"1.2.3.4"},"parents":[{"type":"App::Org","id":"o"}]}]""")]
    [InlineData("parent type not allowed", false, """[{"uid":{"type":"App::Group","id":"g"},"attrs":{},"parents":[{"type":"App::User","id":"a"}]}]""")]
    [InlineData("missing required attribute", false, """[{"uid":{"type":"App::User","id":"a"},"attrs":{"ip":"1.2.3.4"},"parents":[]}]""")]
    [InlineData("undeclared attribute", false, """[{"uid":{"type":"App::User","id":"a"},"attrs":{"name":"A","ip":"1.2.3.4","x":1},"parents":[]}]""")]
    [InlineData("undeclared entity type", false, """[{"uid":{"type":"App::Nope","id":"a"},"attrs":{},"parents":[]}]""")]
    [InlineData("enum value", true, """[{"uid":{"type":"App::Color","id":"red"},"attrs":{},"parents":[]}]""")]
    [InlineData("not an enum value", false, """[{"uid":{"type":"App::Color","id":"blue"},"attrs":{},"parents":[]}]""")]
    [InlineData("action as declared", true, """[{"uid":{"type":"App::Action","id":"edit"},"attrs":{},"parents":[{"type":"App::Action","id":"view"}]}]""")]
    [InlineData("action with other parents", false, """[{"uid":{"type":"App::Action","id":"edit"},"attrs":{},"parents":[]}]""")]
    [InlineData("undeclared action", false, """[{"uid":{"type":"App::Action","id":"nope"},"attrs":{},"parents":[]}]""")]
    [InlineData("declared tags", true, """[{"uid":{"type":"App::User","id":"a"},"attrs":{"name":"A","ip":"1.2.3.4"},"parents":[],"tags":{"t":"1h"}}]""")]
    [InlineData("tags on a type without tags", false, """[{"uid":{"type":"App::Group","id":"g"},"attrs":{},"parents":[],"tags":{"t":"x"}}]""")]
    [InlineData("parent with a bad enum value", false, """[{"uid":{"type":"App::Group","id":"g"},"attrs":{},"parents":[{"type":"App::Color","id":"blue"}]}]""")]
    [InlineData("entity attribute of another type", false, """[{"uid":{"type":"App::User","id":"a"},"attrs":{"name":"A","ip":"1.2.3.4","manager":{"type":"App::Group","id":"g"}},"parents":[]}]""")]
    [InlineData("undeclared nested attribute", false, """[{"uid":{"type":"App::User","id":"a"},"attrs":{"name":"A","ip":"1.2.3.4","session":{"started":"2024-01-01","x":1}},"parents":[]}]""")]
    [InlineData("missing nested attribute", false, """[{"uid":{"type":"App::User","id":"a"},"attrs":{"name":"A","ip":"1.2.3.4","session":{}},"parents":[]}]""")]
    [InlineData("action as parent of an entity", false, """[{"uid":{"type":"App::User","id":"a"},"attrs":{"name":"A","ip":"1.2.3.4"},"parents":[{"type":"App::Action","id":"view"}]}]""")]
    public void AcceptsAndRejectsAsTheReference(string what, bool accepted, string json)
    {
        Exception? error = null;
        try
        {
            SchemaEntityConformance.Conform(EntityJson.ParseEntities(json, new SchemaJsonTypeHints(Schema)), Schema);
        }
        catch (CedarException e)
        {
            error = e;
        }
        Assert.True(accepted == (error is null), $"{what}: expected {(accepted ? "accepted" : "rejected")}, got {error?.Message ?? "accepted"}");
    }
}

using Sekisho.Cedar.Entities;
using Sekisho.Cedar.Schema;

namespace Sekisho.Cedar.Tests.Schema;

/// <summary>
/// Requests read and validated with a schema, accepted or rejected as cedar-wasm 4.12's <c>isAuthorized</c>
/// with <c>validateRequest: true</c> does (the expected outcomes were taken from the reference).
/// </summary>
public class RequestValidationReferenceTests
{
    private static readonly CedarSchema Schema = CedarSchema.ParseCedar("""
        namespace App {
          entity Org;
          entity Group in [Org];
          entity User in [Group] = { name: String };
          entity Color enum ["red", "green"];
          action view appliesTo { principal: [User, Color], resource: Group, context: { from: ipaddr, mfa?: Bool } };
          action edit in [view] appliesTo { principal: User, resource: Group };
        }
        """);

    [Theory]
    [InlineData("App::User", "a", "view", "App::Group", """{"from":"1.2.3.4"}""", true)]
    [InlineData("App::User", "a", "view", "App::Group", """{"from":"1.2.3.4","mfa":true}""", true)]
    [InlineData("App::Group", "a", "view", "App::Group", """{"from":"1.2.3.4"}""", false)]
    [InlineData("App::User", "a", "view", "App::User", """{"from":"1.2.3.4"}""", false)]
    [InlineData("App::User", "a", "nope", "App::Group", "{}", false)]
    [InlineData("App::User", "a", "view", "App::Group", "{}", false)]
    [InlineData("App::User", "a", "view", "App::Group", """{"from":"1.2.3.4","x":1}""", false)]
    [InlineData("App::User", "a", "view", "App::Group", """{"from":"1.2.3.4","mfa":1}""", false)]
    [InlineData("App::Nope", "a", "view", "App::Group", """{"from":"1.2.3.4"}""", false)]
    [InlineData("App::Color", "red", "view", "App::Group", """{"from":"1.2.3.4"}""", true)]
    [InlineData("App::Color", "blue", "view", "App::Group", """{"from":"1.2.3.4"}""", false)]
    [InlineData("App::User", "a", "edit", "App::Group", "{}", true)]
    public void AcceptsAndRejectsAsTheReference(string principalType, string principalId, string action, string resourceType, string context, bool accepted)
    {
        var json = $$"""
            { "principal": { "type": "{{principalType}}", "id": "{{principalId}}" }, "action": { "type": "App::Action", "id": "{{action}}" },
              "resource": { "type": "{{resourceType}}", "id": "g" }, "context": {{context}} }
            """;
        Exception? error = null;
        try
        {
            var request = EntityJson.ParseRequest(json, new SchemaJsonTypeHints(Schema));
            RequestSchemaValidator.Validate(request, Schema);
        }
        catch (CedarException e)
        {
            error = e;
        }
        Assert.True(accepted == (error is null), $"expected {(accepted ? "accepted" : "rejected")}, got {error?.Message ?? "accepted"}");
    }
}

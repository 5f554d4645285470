using Sekisho.Cedar.Schema;

namespace Sekisho.Cedar.Tests.Schema;

public class JsonSchemaParserTests
{
    [Fact]
    public void ParsesTheJsonFormatIntoTheSameModel()
    {
        var json = CedarSchema.ParseJson("""
            {
              "App": {
                "commonTypes": { "Address": { "type": "Record", "attributes": { "zip": { "type": "Long", "required": false } } } },
                "entityTypes": {
                  "User": {
                    "memberOfTypes": ["Group"],
                    "shape": { "type": "Record", "attributes": {
                      "name": { "type": "String" },
                      "address": { "type": "Address", "required": false },
                      "manager": { "type": "Entity", "name": "User" },
                      "ip": { "type": "Extension", "name": "ipaddr" },
                      "flags": { "type": "Set", "element": { "type": "Boolean" } },
                      "group": { "type": "EntityOrCommon", "name": "Group" }
                    } },
                    "tags": { "type": "String" }
                  },
                  "Group": {},
                  "Color": { "enum": ["red"] }
                },
                "actions": {
                  "read": { "memberOf": [{ "id": "all" }], "appliesTo": { "principalTypes": ["User"], "resourceTypes": ["Group"], "context": { "type": "Address" } } },
                  "all": {}
                }
              }
            }
            """);
        var human = CedarSchema.ParseCedar("""
            namespace App {
              type Address = { zip?: Long };
              entity User in [Group] = { name: String, address?: Address, manager: User, ip: ipaddr, flags: Set<Bool>, group: Group } tags String;
              entity Group;
              entity Color enum ["red"];
              action read in [all] appliesTo { principal: User, resource: Group, context: Address };
              action all;
            }
            """);

        Assert.Equal(human.EntityTypes.Keys, json.EntityTypes.Keys);
        foreach (var (name, type) in human.EntityTypes)
        {
            var other = json.EntityTypes[name];
            Assert.Equal(type.MemberOfTypes, other.MemberOfTypes);
            Assert.Equal(type.Shape.ToString(), other.Shape.ToString());
            Assert.Equal(type.Tags, other.Tags);
            Assert.Equal(type.EnumIds, other.EnumIds);
        }
        Assert.Equal(human.Actions.Keys, json.Actions.Keys);
        foreach (var (uid, action) in human.Actions)
        {
            var other = json.Actions[uid];
            Assert.Equal(action.MemberOf, other.MemberOf);
            Assert.Equal(action.PrincipalTypes, other.PrincipalTypes);
            Assert.Equal(action.ResourceTypes, other.ResourceTypes);
            Assert.Equal(action.Context.ToString(), other.Context.ToString());
        }
    }

    [Fact]
    public void ReportsTheJsonPathOfAnError()
    {
        var e = Assert.Throws<SchemaException>(() => CedarSchema.ParseJson("""
            { "": { "entityTypes": { "A": { "shape": { "type": "Record", "attributes": { "x": { "type": "Nope" } } } } }, "actions": {} } }
            """));
        Assert.Equal("$[\"\"].entityTypes.A.shape.attributes[\"x\"]", e.JsonPath);
        Assert.Contains("`Nope`", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsJsonSyntaxErrorsWithLineAndColumn()
    {
        var e = Assert.Throws<SchemaException>(() => CedarSchema.ParseJson("{\n  \"\": { ,"));
        Assert.Equal(2, e.Line);
    }
}

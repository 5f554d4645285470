using Sekisho.Cedar.Authorization;
using Sekisho.Cedar.Entities;
using Sekisho.Cedar.Schema;

namespace Sekisho.Cedar.Tests;

/// <summary>The just-in-time access schema and example policies of docs/jit-access.md, decided end to end.</summary>
public class JitAccessExampleTests
{
    private const string Schema = """
        namespace AWS::EC2 { entity Instance tags String; }
        namespace AWS::IdentityStore {
            entity Group;
            entity User in [Group] { employeeNumber?: String, costCenter?: String, organization?: String, division?: String };
        }
        namespace AWS::IAM {
            entity Role;
            type AuthorizationContext = { principalTags: PrincipalTags };
            entity PrincipalTags tags String;
        }
        namespace AWS::SSM {
            entity ManagedInstance tags String;
            action "getTokenForInstanceAccess" appliesTo {
                principal: [AWS::IdentityStore::User],
                resource: [AWS::EC2::Instance, AWS::SSM::ManagedInstance],
                context: { "iam": AWS::IAM::AuthorizationContext }
            };
        }
        """;

    private const string Policies = """
        permit (principal in AWS::IdentityStore::Group::"e8c17310-e011-7089-d989-10da1EXAMPLE",
                action == AWS::SSM::Action::"getTokenForInstanceAccess", resource)
        when { principal has costCenter && resource.hasTag("CostCenter")
               && principal.costCenter == resource.getTag("CostCenter") };

        forbid (principal, action == AWS::SSM::Action::"getTokenForInstanceAccess", resource)
        when { principal has employeeNumber && principal.employeeNumber like "TEMP-*"
               && resource.hasTag("Criticality") && resource.getTag("Criticality") == "High" };

        permit (principal, action == AWS::SSM::Action::"getTokenForInstanceAccess", resource)
        when { context.iam.principalTags.getTag("AccessLevel") == "Elevated"
               && resource.hasTag("Environment") && resource.getTag("Environment") == "prod" };
        """;

    private static string Entities(string criticality, string environment) => $$$"""
        [
         {"uid": {"type": "AWS::IdentityStore::User", "id": "u1"}, "attrs": {"costCenter": "cc1", "employeeNumber": "TEMP-42"},
          "parents": [{"type": "AWS::IdentityStore::Group", "id": "e8c17310-e011-7089-d989-10da1EXAMPLE"}]},
         {"uid": {"type": "AWS::IdentityStore::Group", "id": "e8c17310-e011-7089-d989-10da1EXAMPLE"}, "attrs": {}, "parents": []},
         {"uid": {"type": "AWS::EC2::Instance", "id": "i-1"}, "attrs": {}, "parents": [],
          "tags": {"CostCenter": "cc9", "Criticality": "{{{criticality}}}", "Environment": "{{{environment}}}"}},
         {"uid": {"type": "AWS::IAM::PrincipalTags", "id": "t"}, "attrs": {}, "parents": [], "tags": {"AccessLevel": "Elevated"}}
        ]
        """;

    private const string Request = """
        {"principal": {"type": "AWS::IdentityStore::User", "id": "u1"},
         "action": {"type": "AWS::SSM::Action", "id": "getTokenForInstanceAccess"},
         "resource": {"type": "AWS::EC2::Instance", "id": "i-1"},
         "context": {"iam": {"principalTags": {"type": "AWS::IAM::PrincipalTags", "id": "t"}}}}
        """;

    private static AuthorizationResponse Decide(string criticality, string environment)
    {
        var schema = CedarSchema.ParseCedar(Schema);
        var hints = new SchemaJsonTypeHints(schema);
        var entities = EntityJson.ParseEntities(Entities(criticality, environment), hints).With(SchemaEntityConformance.ActionEntities(schema));
        return Authorizer.IsAuthorized(EntityJson.ParseRequest(Request, hints), PolicySet.Parse(Policies), entities);
    }

    [Fact]
    public void ElevatedRoleSessionTagsAllowProduction() =>
        Assert.Equal(["policy2"], Decide("Low", "prod").Reason);

    [Fact]
    public void TemporaryEmployeesAreStoppedOnCriticalNodes()
    {
        var r = Decide("High", "prod");
        Assert.Equal(Decision.Deny, r.Decision);
        Assert.Equal(["policy1"], r.Reason);
    }

    [Fact]
    public void NothingAppliesOutsideProductionWithoutAMatchingCostCenter()
    {
        var r = Decide("Low", "dev");
        Assert.Equal(Decision.Deny, r.Decision);
        Assert.Empty(r.Reason);
        Assert.Empty(r.Errors);
    }
}

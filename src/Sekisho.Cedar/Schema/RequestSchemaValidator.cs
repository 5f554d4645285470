using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Schema;

/// <summary>
/// Request validation as the reference does it when a schema is given: the action is declared, the
/// principal and resource have types its <c>appliesTo</c> allows (and valid ids for enumerated types), and the
/// context has the action's context type.
/// </summary>
public static class RequestSchemaValidator
{
    /// <summary>Throws <see cref="EntitySchemaException"/> saying why <paramref name="request"/> is not valid for the schema.</summary>
    public static void Validate(Request request, CedarSchema schema)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(schema);
        var actionUid = new SchemaActionUid(request.Action.Type, request.Action.Id);
        if (!schema.Actions.TryGetValue(actionUid, out var action))
        {
            throw new EntitySchemaException($"request's action `{request.Action}` is not declared in the schema");
        }
        CheckParticipant("principal", request.Principal, action.PrincipalTypes, action, schema);
        CheckParticipant("resource", request.Resource, action.ResourceTypes, action, schema);
        if (SchemaValueChecker.RecordMismatch(request.Context, action.Context) is { } why)
        {
            throw new EntitySchemaException($"context `{Value.FromRecord(request.Context)}` is not valid for `{request.Action}`: {why}");
        }
        foreach (var (_, v) in request.Context.Attributes) SchemaEntityConformance.CheckUidsIn(v, schema, "context");
    }

    private static void CheckParticipant(string role, EntityUid uid, IReadOnlyList<string> allowed, SchemaAction action, CedarSchema schema)
    {
        if (!schema.EntityTypes.ContainsKey(uid.Type))
        {
            throw new EntitySchemaException($"{role} type `{uid.Type}` is not declared in the schema");
        }
        if (!allowed.Contains(uid.Type))
        {
            throw new EntitySchemaException($"{role} type `{uid.Type}` is not valid for `{action.Uid}`");
        }
        SchemaEntityConformance.CheckUid(uid, schema, role);
    }
}

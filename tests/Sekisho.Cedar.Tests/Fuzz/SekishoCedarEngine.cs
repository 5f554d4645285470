using Sekisho.Cedar.Authorization;
using Sekisho.Cedar.Entities;
using Sekisho.Cedar.Schema;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>
/// Runs a fuzz case through Sekisho.Cedar in-process, the way <c>sekisho cedar authorize</c> does: policies
/// parsed with positional ids and templates linked; with a schema, entities and context read with its type
/// hints, entities checked and the schema's action entities added, and the request validated.
/// </summary>
public static class SekishoCedarEngine
{
    public static IReadOnlyList<FuzzOutcome> Evaluate(FuzzCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var outcomes = new List<FuzzOutcome>(c.Requests.Length);
        PolicySet policies;
        EntityStore entities;
        CedarSchema? schema = null;
        SchemaJsonTypeHints? hints = null;
        try
        {
            policies = PolicySet.Parse(c.PolicyText());
            foreach (var l in c.Links)
            {
                policies.Link(c.TemplateId(l.TemplateIndex), l.NewId, Uid(l.PrincipalSlot), Uid(l.ResourceSlot));
            }
            if (c.Schema is not null)
            {
                schema = CedarSchema.ParseCedar(c.Schema);
                hints = new SchemaJsonTypeHints(schema);
            }
            entities = EntityJson.ParseEntities(c.EntitiesJson(), hints);
            if (schema is not null) entities = SchemaEntityConformance.Conform(entities, schema);
        }
        catch (Exception e) when (e is CedarException or SchemaException)
        {
            var failure = FuzzOutcome.Failure("sekisho: " + e.Message);
            foreach (var _ in c.Requests) outcomes.Add(failure);
            return outcomes;
        }
        foreach (var r in c.Requests) outcomes.Add(Evaluate(r, policies, entities, schema, hints));
        return outcomes;
    }

    private static FuzzOutcome Evaluate(FuzzRequest r, PolicySet policies, EntityStore entities, CedarSchema? schema, SchemaJsonTypeHints? hints)
    {
        Request request;
        try
        {
            request = EntityJson.ParseRequest(r.ToJson().ToJsonString(), hints);
            if (schema is not null) RequestSchemaValidator.Validate(request, schema);
        }
        catch (Exception e) when (e is CedarException or SchemaException)
        {
            return FuzzOutcome.Failure("sekisho: " + e.Message);
        }
        var response = Authorizer.IsAuthorized(request, policies, entities);
        return FuzzOutcome.Of(
            response.Decision == Decision.Allow ? "allow" : "deny",
            response.Reason,
            response.Errors.Select(e => e.PolicyId),
            "[" + string.Join(", ", response.Errors.Select(e => $"{e.PolicyId}: {e.Kind}: {e.Message}")) + "]");
    }

    private static EntityUid? Uid(FuzzEntityRef? r) => r is null ? null : new EntityUid(r.Type, r.Id);
}

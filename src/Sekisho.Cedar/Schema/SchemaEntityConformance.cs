using Sekisho.Cedar.Entities;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Schema;

/// <summary>
/// What the reference does to entities when it reads them with a schema: every non-action entity must have a
/// declared type, a valid id for an enumerated type, exactly the declared attributes (required ones present,
/// each of its declared type), tags of the declared tag type, and parents of types it may be a member of;
/// action entities given in the data must match the schema's; then the schema's action entities (with their
/// hierarchy) are added.
/// </summary>
public static class SchemaEntityConformance
{
    /// <summary>The action entities a schema declares, each with its direct action groups as parents.</summary>
    public static IReadOnlyList<Entity> ActionEntities(CedarSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var result = new List<Entity>(schema.Actions.Count);
        foreach (var action in schema.Actions.Values)
        {
            var parents = new List<EntityUid>(action.MemberOf.Count);
            foreach (var p in action.MemberOf) parents.Add(new EntityUid(p.Type, p.Id));
            result.Add(new Entity(new EntityUid(action.Uid.Type, action.Uid.Id), CedarRecord.Empty, parents, CedarRecord.Empty));
        }
        return result;
    }

    /// <summary>
    /// Checks <paramref name="store"/> against the schema and returns it with the schema's action entities in
    /// place of any given in the data; throws <see cref="EntitySchemaException"/> at the first entity that
    /// does not conform.
    /// </summary>
    public static EntityStore Conform(EntityStore store, CedarSchema schema)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(schema);
        var kept = new List<Entity>(store.Count + schema.Actions.Count);
        foreach (var entity in store.Entities)
        {
            if (IsActionType(entity.Uid.Type))
            {
                CheckAction(entity, schema);
                continue;
            }
            CheckEntity(entity, schema);
            kept.Add(new Entity(entity.Uid, entity.Attributes, entity.Parents, entity.Tags));
        }
        kept.AddRange(ActionEntities(schema));
        return new EntityStore(kept);
    }

    public static void CheckEntity(Entity entity, CedarSchema schema)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(schema);
        var uid = entity.Uid;
        if (!schema.EntityTypes.TryGetValue(uid.Type, out var type))
        {
            throw new EntitySchemaException($"entity `{uid}` has type `{uid.Type}` which is not declared in the schema");
        }
        CheckUid(uid, schema, $"entity `{uid}`");
        if (SchemaValueChecker.RecordMismatch(entity.Attributes, type.Shape) is { } why)
        {
            throw new EntitySchemaException($"entity `{uid}` does not conform to the schema: {why}");
        }
        foreach (var (_, value) in entity.Attributes.Attributes) CheckUidsIn(value, schema, $"entity `{uid}`");
        foreach (var parent in entity.Parents)
        {
            CheckUid(parent, schema, $"entity `{uid}`");
            if (!schema.DescendantTypes(parent.Type).Contains(uid.Type))
            {
                throw new EntitySchemaException($"entity `{uid}` has parent `{parent}`, but `{uid.Type}` is not declared as a member of `{parent.Type}`");
            }
        }
        if (type.Tags is null)
        {
            foreach (var (tag, _) in entity.Tags.Attributes)
            {
                throw new EntitySchemaException($"entity `{uid}` has tag `{tag}`, but its type `{uid.Type}` declares no tags");
            }
            return;
        }
        foreach (var (tag, value) in entity.Tags.Attributes)
        {
            if (SchemaValueChecker.Mismatch(value, type.Tags) is { } tagWhy)
            {
                throw new EntitySchemaException($"entity `{uid}` does not conform to the schema: in tag `{tag}`: {tagWhy}");
            }
            CheckUidsIn(value, schema, $"entity `{uid}`");
        }
    }

    private static void CheckAction(Entity entity, CedarSchema schema)
    {
        var uid = new SchemaActionUid(entity.Uid.Type, entity.Uid.Id);
        if (!schema.Actions.ContainsKey(uid))
        {
            throw new EntitySchemaException($"found action entity `{entity.Uid}`, but it was not declared as an action in the schema");
        }
        var expected = schema.ActionAncestors(uid);
        var same = entity.Attributes.Count == 0 && entity.Tags.Count == 0 && entity.Ancestors.Count == expected.Count;
        if (same)
        {
            foreach (var a in entity.Ancestors)
            {
                if (!expected.Contains(new SchemaActionUid(a.Type, a.Id))) same = false;
            }
        }
        if (!same)
        {
            throw new EntitySchemaException($"definition of action `{entity.Uid}` does not match its schema declaration");
        }
    }

    /// <summary>An entity reference must use a valid id of an enumerated type and name a declared action.</summary>
    internal static void CheckUid(EntityUid uid, CedarSchema schema, string where)
    {
        if (schema.EntityTypes.TryGetValue(uid.Type, out var type) && type.EnumIds is { } ids && !ids.Contains(uid.Id))
        {
            throw new EntitySchemaException($"{where}: `{uid}` is of an enumerated entity type, but `\"{uid.Id}\"` is not one of its values");
        }
        if (IsActionType(uid.Type) && !schema.Actions.ContainsKey(new SchemaActionUid(uid.Type, uid.Id)))
        {
            throw new EntitySchemaException($"{where}: action `{uid}` is not declared in the schema");
        }
    }

    internal static void CheckUidsIn(Value value, CedarSchema schema, string where)
    {
        switch (value.Kind)
        {
            case ValueKind.Entity:
                CheckUid(value.AsEntity, schema, where);
                break;
            case ValueKind.Set:
                foreach (var item in value.AsSet.Items) CheckUidsIn(item, schema, where);
                break;
            case ValueKind.Record:
                foreach (var (_, v) in value.AsRecord.Attributes) CheckUidsIn(v, schema, where);
                break;
        }
    }

    internal static bool IsActionType(string type) => type == "Action" || type.EndsWith("::Action", StringComparison.Ordinal);
}

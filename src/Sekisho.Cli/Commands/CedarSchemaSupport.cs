using Sekisho.Cedar.Entities;

namespace Sekisho.Cli.Commands;

/// <summary>
/// What a schema contributes to running requests: type hints for entity and context JSON, the action entities
/// it declares, and whether the test's policies validate against it (null when not checked).
/// <paramref name="CompleteEntities"/>, when set, checks parsed entities against the schema and adds its action
/// entities (use it instead of adding <paramref name="ActionEntities"/>); <paramref name="ValidateRequest"/>, when
/// set, throws a <see cref="Sekisho.Cedar.CedarException"/> for a request the schema does not allow.
/// </summary>
public sealed record CedarSchemaSupport(
    IJsonTypeHints? Hints,
    IReadOnlyList<Entity> ActionEntities,
    Func<string, bool?> Validates,
    Func<EntityStore, EntityStore>? CompleteEntities = null,
    Action<Sekisho.Cedar.Request>? ValidateRequest = null)
{
    /// <summary>The entities with what the schema contributes: checked and completed, or just the action entities added.</summary>
    public EntityStore Complete(EntityStore entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        return CompleteEntities is { } complete ? complete(entities) : entities.With(ActionEntities);
    }
}

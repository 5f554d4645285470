using Sekisho.Cedar.Entities;

namespace Sekisho.Cli.Commands;

/// <summary>
/// What a schema contributes to running requests: type hints for entity and context JSON, the action entities
/// it declares, and whether the test's policies validate against it (null when not checked).
/// </summary>
public sealed record CedarSchemaSupport(IJsonTypeHints? Hints, IReadOnlyList<Entity> ActionEntities, Func<string, bool?> Validates);

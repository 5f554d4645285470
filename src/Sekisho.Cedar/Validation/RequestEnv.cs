using Sekisho.Cedar.Schema;

namespace Sekisho.Cedar.Validation;

/// <summary>
/// One request shape the schema allows: an action with one of its principal and resource types. For
/// templates, the entity types the slots are assumed to be linked to (null: any entity).
/// </summary>
internal sealed record RequestEnv(string PrincipalType, SchemaActionUid Action, string ResourceType, VType Context, string? PrincipalSlot, string? ResourceSlot);

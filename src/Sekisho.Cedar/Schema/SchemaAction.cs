namespace Sekisho.Cedar.Schema;

/// <summary>
/// An action declared in a schema. <see cref="MemberOf"/> lists the direct parents as declared;
/// <see cref="CedarSchema.ActionAncestors"/> gives the transitive closure. An action without
/// <c>appliesTo</c> has empty principal and resource lists and so applies to no request.
/// </summary>
public sealed record SchemaAction(
    SchemaActionUid Uid,
    IReadOnlyList<SchemaActionUid> MemberOf,
    IReadOnlyList<string> PrincipalTypes,
    IReadOnlyList<string> ResourceTypes,
    SchemaType Context);

using Sekisho.Cedar.Values;

namespace Sekisho.Cedar;

/// <summary>An authorization request: who (principal) does what (action) to what (resource), in what context.</summary>
public sealed record Request(EntityUid Principal, EntityUid Action, EntityUid Resource, CedarRecord Context);

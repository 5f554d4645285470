using System.Collections.Immutable;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>An action of the generated world; groups have no principal or resource types.</summary>
public sealed record FuzzAction(string Id, ImmutableArray<string> Groups, ImmutableArray<string> PrincipalTypes,
    ImmutableArray<string> ResourceTypes)
{
    public bool IsGroup => PrincipalTypes.IsEmpty;

    public FuzzEntityRef Ref => new("Action", Id);
}

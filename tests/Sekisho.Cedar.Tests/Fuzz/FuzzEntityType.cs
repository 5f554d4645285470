using System.Collections.Immutable;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>An entity type of the generated world: its attributes, tag type, allowed parent types and ids.</summary>
public sealed record FuzzEntityType(string Name, ImmutableArray<FuzzAttribute> Attributes, FuzzType? Tags,
    ImmutableArray<string> MemberOf, ImmutableArray<string> Ids)
{
    public FuzzType Shape => FuzzType.RecordOf(Attributes);
}

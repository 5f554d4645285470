namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>An attribute of an entity type or record type: name, type, and whether it must be present.</summary>
public sealed record FuzzAttribute(string Name, FuzzType Type, bool Required)
{
    public string ToSchema() => $"{CedarText.Quote(Name)}{(Required ? "" : "?")}: {Type.ToSchema()}";
}

using System.Text.Json.Nodes;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>An entity UID in a generated case.</summary>
public sealed record FuzzEntityRef(string Type, string Id)
{
    public string ToCedar() => $"{Type}::{CedarText.Quote(Id)}";

    public JsonObject ToJson() => new() { ["type"] = Type, ["id"] = Id };

    public override string ToString() => ToCedar();
}

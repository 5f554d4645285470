namespace Sekisho.Protocol.Aws;

/// <summary>A reference from a structure, list or map to a shape, with its wire name where it differs.</summary>
public sealed record AwsMember(string Name, string ShapeName, string? LocationName, bool Flattened)
{
    /// <summary>The name on the wire: the member's locationName when the model gives one.</summary>
    public string WireName => LocationName ?? Name;
}

namespace Sekisho.Server.Identity;

/// <summary>One page of a list: the items, whether more follow, and the marker to pass for the next page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, bool IsTruncated, string? Marker);

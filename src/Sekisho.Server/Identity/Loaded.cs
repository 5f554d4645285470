namespace Sekisho.Server.Identity;

/// <summary>A record read from the store with its key and revision, for a later compare-and-swap.</summary>
internal readonly record struct Loaded<T>(string Key, T Value, long Revision);

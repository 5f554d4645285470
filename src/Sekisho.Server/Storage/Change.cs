namespace Sekisho.Server.Storage;

/// <summary>
/// One entry of the change feed. All writes of a transaction share its revision and appear in the order they
/// were given. A delete carries an empty value.
/// </summary>
public sealed record Change(long Revision, ChangeKind Kind, string Key, ReadOnlyMemory<byte> Value);

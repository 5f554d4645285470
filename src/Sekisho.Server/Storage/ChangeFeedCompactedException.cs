namespace Sekisho.Server.Storage;

/// <summary>
/// The change feed was asked for changes that compaction already removed. The reader must rebuild its state
/// from a scan and resume from the scan's revision.
/// </summary>
public sealed class ChangeFeedCompactedException : StorageException
{
    public ChangeFeedCompactedException() { }

    public ChangeFeedCompactedException(string message) : base(message) { }

    public ChangeFeedCompactedException(string message, Exception inner) : base(message, inner) { }

    public ChangeFeedCompactedException(long requestedAfter, long compactedThrough)
        : base($"changes after revision {requestedAfter} were requested, but changes up to revision {compactedThrough} were compacted away")
    {
        RequestedAfter = requestedAfter;
        CompactedThrough = compactedThrough;
    }

    public long RequestedAfter { get; }

    public long CompactedThrough { get; }
}

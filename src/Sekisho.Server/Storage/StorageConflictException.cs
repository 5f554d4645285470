namespace Sekisho.Server.Storage;

/// <summary>
/// A conditional write found the key in another state than the caller expected (create of an existing key,
/// update or delete at a stale revision). Callers re-read and retry; nothing was written.
/// </summary>
public sealed class StorageConflictException : StorageException
{
    public StorageConflictException() { }

    public StorageConflictException(string message) : base(message) { }

    public StorageConflictException(string message, Exception inner) : base(message, inner) { }

    public StorageConflictException(Condition failed, long? actualRevision)
        : base(Describe(failed, actualRevision))
    {
        Failed = failed;
        ActualRevision = actualRevision;
    }

    /// <summary>The condition that did not hold.</summary>
    public Condition? Failed { get; }

    /// <summary>The key's revision when the condition was checked; null when the key did not exist.</summary>
    public long? ActualRevision { get; }

    private static string Describe(Condition failed, long? actual)
    {
        var found = actual is { } r ? $"it is at revision {r}" : "it does not exist";
        return failed.Kind switch
        {
            ConditionKind.Missing => $"key '{failed.Key}' must not exist, but {found}",
            ConditionKind.Exists => $"key '{failed.Key}' must exist, but {found}",
            _ => $"key '{failed.Key}' must be at revision {failed.Revision}, but {found}",
        };
    }
}

namespace Sekisho.Server.Storage;

/// <summary>Single-key operations expressed as one-write transactions, so backends implement only CommitAsync.</summary>
public static class StoreExtensions
{
    /// <summary>Sets the key whatever its state; returns the new revision.</summary>
    public static async Task<long> PutAsync(this IStore store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var result = await store.CommitAsync(new Transaction(Write.Put(key, value)), cancellationToken).ConfigureAwait(false);
        return result.Revision;
    }

    /// <summary>Creates the key; throws <see cref="StorageConflictException"/> when it exists.</summary>
    public static Task<long> CreateAsync(this IStore store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        CommitOneAsync(store, Condition.Missing(key), Write.Put(key, value), cancellationToken);

    /// <summary>
    /// Compare-and-swap: replaces the value only if the key is still at <paramref name="expectedRevision"/>;
    /// throws <see cref="StorageConflictException"/> otherwise.
    /// </summary>
    public static Task<long> UpdateAsync(this IStore store, string key, ReadOnlyMemory<byte> value, long expectedRevision, CancellationToken cancellationToken = default) =>
        CommitOneAsync(store, Condition.RevisionIs(key, expectedRevision), Write.Put(key, value), cancellationToken);

    /// <summary>Deletes the key only if it is at <paramref name="expectedRevision"/>; throws <see cref="StorageConflictException"/> otherwise.</summary>
    public static Task<long> DeleteAsync(this IStore store, string key, long expectedRevision, CancellationToken cancellationToken = default) =>
        CommitOneAsync(store, Condition.RevisionIs(key, expectedRevision), Write.Delete(key), cancellationToken);

    /// <summary>Deletes the key if it exists; false when there was nothing to delete.</summary>
    public static async Task<bool> DeleteAsync(this IStore store, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var result = await store.CommitAsync(new Transaction([Condition.Exists(key)], [Write.Delete(key)]), cancellationToken).ConfigureAwait(false);
        return result.Committed;
    }

    private static async Task<long> CommitOneAsync(IStore store, Condition condition, Write write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var result = await store.CommitAsync(new Transaction([condition], [write]), cancellationToken).ConfigureAwait(false);
        return result.Committed ? result.Revision : throw new StorageConflictException(condition, result.ActualRevision);
    }
}

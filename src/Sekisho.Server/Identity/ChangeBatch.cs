using System.Text.Json;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Identity;

/// <summary>
/// The writes of one domain change, each guarded by the revision its record was read at (or its absence), so the
/// whole change commits atomically only if nothing it read has moved.
/// </summary>
internal sealed class ChangeBatch
{
    private readonly Dictionary<string, Condition> _conditions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Write> _writes = new(StringComparer.Ordinal);

    public bool IsEmpty => _writes.Count == 0;

    /// <summary>Writes a record read at <paramref name="revision"/> (null: must still be absent).</summary>
    public void Put<T>(string key, T value, long? revision)
    {
        Guard(key, revision);
        _writes[key] = Write.Put(key, JsonSerializer.SerializeToUtf8Bytes(value, value is Credentials.AccessKeyRecord ? IdentityJson.Web : IdentityJson.Options));
    }

    public void Put<T>(Loaded<T> loaded, T value) => Put(loaded.Key, value, loaded.Revision);

    public void Delete(string key, long revision)
    {
        Guard(key, revision);
        _writes[key] = Write.Delete(key);
    }

    /// <summary>Requires a record to be unchanged without writing it.</summary>
    public void Require(string key, long revision) => Guard(key, revision);

    public Transaction ToTransaction() => new([.. _conditions.Values], [.. _writes.Values]);

    private void Guard(string key, long? revision) =>
        _conditions[key] = revision is { } r ? Condition.RevisionIs(key, r) : Condition.Missing(key);
}

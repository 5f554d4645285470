namespace Sekisho.Server.Storage;

/// <summary>
/// Conditions and writes applied all or nothing: when every condition holds, every write is applied under one
/// new store revision; otherwise nothing is written.
/// </summary>
public sealed record Transaction(IReadOnlyList<Condition> Conditions, IReadOnlyList<Write> Writes)
{
    public Transaction(params Write[] writes) : this([], writes) { }

    /// <summary>Checks the shape before anything touches the store.</summary>
    internal void Validate()
    {
        if (Conditions is null) throw new ArgumentException("a transaction's condition list must not be null (use an empty list)", nameof(Conditions));
        if (Writes is null) throw new ArgumentException("a transaction's write list must not be null", nameof(Writes));
        if (Writes.Count == 0) throw new ArgumentException("a transaction needs at least one write", nameof(Writes));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Conditions.Count; i++)
        {
            var condition = Conditions[i] ?? throw new ArgumentException($"condition {i} is null", nameof(Conditions));
            StorageKeys.Validate(condition.Key);
            if (condition.Kind == ConditionKind.RevisionIs && condition.Revision <= 0)
                throw new ArgumentException($"condition {i} on '{condition.Key}' expects revision {condition.Revision}; revisions start at 1", nameof(Conditions));
        }
        for (var i = 0; i < Writes.Count; i++)
        {
            var write = Writes[i] ?? throw new ArgumentException($"write {i} is null", nameof(Writes));
            StorageKeys.Validate(write.Key);
            if (!seen.Add(write.Key))
                throw new ArgumentException($"key '{write.Key}' is written more than once in one transaction (write {i})", nameof(Writes));
        }
    }
}

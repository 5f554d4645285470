namespace Sekisho.Server.Storage;

/// <summary>A precondition of a transaction, checked atomically with its writes.</summary>
public sealed record Condition(ConditionKind Kind, string Key, long Revision = 0)
{
    public static Condition Exists(string key) => new(ConditionKind.Exists, key);

    public static Condition Missing(string key) => new(ConditionKind.Missing, key);

    public static Condition RevisionIs(string key, long revision) => new(ConditionKind.RevisionIs, key, revision);

    /// <summary>Whether the condition holds for a key currently at <paramref name="actual"/> (null: absent).</summary>
    public bool IsMetBy(long? actual) => Kind switch
    {
        ConditionKind.Exists => actual is not null,
        ConditionKind.Missing => actual is null,
        _ => actual == Revision,
    };
}

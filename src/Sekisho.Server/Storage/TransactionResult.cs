namespace Sekisho.Server.Storage;

/// <summary>
/// The outcome of a transaction. Committed: <see cref="Revision"/> is the revision of its writes. Not committed:
/// <see cref="FailedCondition"/> is the index of the first condition that did not hold and
/// <see cref="ActualRevision"/> the revision its key was found at (null when absent).
/// </summary>
public readonly record struct TransactionResult(bool Committed, long Revision, int FailedCondition, long? ActualRevision)
{
    public static TransactionResult Success(long revision) => new(true, revision, -1, null);

    public static TransactionResult Failure(int condition, long? actualRevision) => new(false, 0, condition, actualRevision);
}

namespace Sekisho.Server.Storage;

public enum ConditionKind
{
    /// <summary>The key exists (at any revision).</summary>
    Exists,

    /// <summary>The key does not exist.</summary>
    Missing,

    /// <summary>The key exists and was last written at exactly the given revision.</summary>
    RevisionIs,
}

namespace Sekisho.Server.Documents;

/// <summary>The <c>Owner</c> values of documents.</summary>
public static class DocumentOwners
{
    /// <summary>The AWS standard documents present in every account.</summary>
    public const string Amazon = "Amazon";
}

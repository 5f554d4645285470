namespace Sekisho.Server.Credentials;

/// <summary>A long-term access key as stored: whose it is, its status, and the secret sealed under the master key.</summary>
public sealed record AccessKeyRecord(
    string AccessKeyId,
    string Account,
    string UserName,
    string UserId,
    string Status,
    DateTimeOffset CreateDate,
    string SealedSecret)
{
    public const string Active = "Active";
    public const string Inactive = "Inactive";

    public bool IsActive => Status == Active;
}

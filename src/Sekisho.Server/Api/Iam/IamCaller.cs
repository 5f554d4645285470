namespace Sekisho.Server.Api.Iam;

/// <summary>
/// Who is calling, as the authentication path established it: the account, the caller's ARN, and the IAM user
/// name when the caller is an IAM user (GetUser and ChangePassword without a name act on it).
/// </summary>
public sealed record IamCaller(string AccountId, string Arn, string? UserName);

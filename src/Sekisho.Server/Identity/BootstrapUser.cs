namespace Sekisho.Server.Identity;

/// <summary>The minimal user record written by <c>sekisho server init</c> until the identity domain (iam-api) takes over the layout.</summary>
public sealed record BootstrapUser(
    string UserName,
    string UserId,
    string Path,
    string Arn,
    DateTimeOffset CreateDate,
    IReadOnlyList<string> AttachedPolicyArns,
    IReadOnlyDictionary<string, string> Tags);

using Sekisho.Server.Identity;

namespace Sekisho.Server.Documents;

/// <summary>An account document's header at <c>/accounts/{account}/ssm/documents/{name}</c>: versions and tags.</summary>
internal sealed record DocumentHeaderRecord(
    string Name,
    int DefaultVersion,
    int LatestVersion,
    DateTimeOffset CreatedDate,
    IReadOnlyList<Tag> Tags);

/// <summary>One version of an account document at <c>/accounts/{account}/ssm/document-versions/{name}/{version:D6}</c>.</summary>
internal sealed record DocumentVersionRecord(int Version, string Content, DateTimeOffset CreatedDate, string? VersionName = null);

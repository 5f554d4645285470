using System.Globalization;
using System.Text.Json;
using Sekisho.Server.Api;
using Sekisho.Server.Authorization;
using Sekisho.Server.Identity;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Documents;

/// <summary>Create, update, delete, list and tag account documents (AWS-owned ones are read-only).</summary>
public sealed partial class DocumentService
{
    public const int MaxVersions = 1000;
    public const int MaxTags = 50;
    private static readonly string[] ReservedPrefixes = ["aws-", "amazon", "amzn"];

    public static AwsErrorException NoSuchDocument(string name) =>
        new("InvalidDocument", $"Document with name {name} does not exist.");

    public static AwsErrorException NoSuchVersion(string name, string? version) =>
        new("InvalidDocumentVersion", $"Document {name} has no version {version}.");

    private static AwsErrorException AwsOwned(string name, string what) =>
        new("InvalidDocumentOperation", $"Document {name} is owned by Amazon and cannot be {what}.");

    /// <summary>Creates version 1 of an account document (DocumentType Session, JSON).</summary>
    public async Task<SessionDocument> CreateAsync(string account, string name, string content, string? documentType, string? format,
        string? versionName, IReadOnlyList<Tag> tags, CancellationToken cancellationToken)
    {
        CheckTypeAndFormat(documentType, format);
        foreach (var prefix in ReservedPrefixes)
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                throw new AwsErrorException("ValidationException", $"Document names cannot start with the reserved prefix \"{prefix}\": {name}.");
        if (tags.Count > MaxTags) throw new AwsErrorException("TooManyTagsError", $"A document has at most {MaxTags} tags.");
        var parsed = DocumentContentParser.Parse(content);
        var now = time.GetUtcNow();
        var header = new DocumentHeaderRecord(name, 1, 1, now, tags);
        var key = HeaderKey(account, name);
        var result = await store.CommitAsync(new Transaction([Condition.Missing(key)],
        [
            Write.Put(key, JsonSerializer.SerializeToUtf8Bytes(header, Json)),
            Write.Put(VersionKey(account, name, 1), JsonSerializer.SerializeToUtf8Bytes(new DocumentVersionRecord(1, content, now, versionName), Json)),
        ]), cancellationToken);
        if (!result.Committed) throw new AwsErrorException("DocumentAlreadyExists", $"Document with same name {name} already exists.");
        return Build(name, account, content, parsed, 1, 1, 1, now, versionName);
    }

    /// <summary>Adds a version (the new latest); <paramref name="baseVersion"/> must be $LATEST or the latest number when given.</summary>
    public async Task<SessionDocument> UpdateAsync(string account, string name, string content, string? baseVersion, string? format,
        string? versionName, CancellationToken cancellationToken)
    {
        if (IsAwsDocument(name)) throw AwsOwned(name, "updated");
        CheckTypeAndFormat(null, format);
        var parsed = DocumentContentParser.Parse(content);
        for (var attempt = 0; ; attempt++)
        {
            // The preferences document exists from its first read on; updating it before any read is normal.
            var current = await ReadHeaderAsync(account, name, cancellationToken)
                          ?? (name == StandardDocuments.RunShell ? await CreateDefaultRunShellAsync(account, cancellationToken) : throw NoSuchDocument(name));
            var header = current.Record;
            if (baseVersion is not null and not Latest && baseVersion != header.LatestVersion.ToString(CultureInfo.InvariantCulture))
                throw new AwsErrorException("InvalidDocumentVersion", $"Document {name} can be updated from its latest version ({header.LatestVersion}) only, not {baseVersion}.");
            if (header.LatestVersion >= MaxVersions)
                throw new AwsErrorException("DocumentVersionLimitExceeded", $"Document {name} has reached the limit of {MaxVersions} versions.");
            var latest = await ReadVersionAsync(account, name, header.LatestVersion, cancellationToken);
            if (latest is not null && latest.Content == content)
                throw new AwsErrorException("DuplicateDocumentContent", "The content of the document matches its latest version. Change the content of the document and try again.");
            var number = header.LatestVersion + 1;
            var now = time.GetUtcNow();
            var updated = header with { LatestVersion = number };
            var result = await store.CommitAsync(new Transaction(
                [Condition.RevisionIs(HeaderKey(account, name), current.Revision)],
                [
                    Write.Put(HeaderKey(account, name), JsonSerializer.SerializeToUtf8Bytes(updated, Json)),
                    Write.Put(VersionKey(account, name, number), JsonSerializer.SerializeToUtf8Bytes(new DocumentVersionRecord(number, content, now, versionName), Json)),
                ]), cancellationToken);
            if (result.Committed) return Build(name, account, content, parsed, number, number, header.DefaultVersion, now, versionName);
            if (attempt >= 10) throw new AwsErrorException("TooManyUpdates", $"Document {name} is being updated concurrently; retry.");
        }
    }

    /// <summary>Makes an existing version the default (what sessions use when no version is named).</summary>
    public async Task<SessionDocument> SetDefaultVersionAsync(string account, string name, string version, CancellationToken cancellationToken)
    {
        if (IsAwsDocument(name)) throw AwsOwned(name, "updated");
        var current = await ReadHeaderAsync(account, name, cancellationToken) ?? throw NoSuchDocument(name);
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > current.Record.LatestVersion)
            throw NoSuchVersion(name, version);
        var result = await store.CommitAsync(new Transaction([Condition.RevisionIs(HeaderKey(account, name), current.Revision)],
            [Write.Put(HeaderKey(account, name), JsonSerializer.SerializeToUtf8Bytes(current.Record with { DefaultVersion = number }, Json))]), cancellationToken);
        if (!result.Committed) throw new AwsErrorException("TooManyUpdates", $"Document {name} is being updated concurrently; retry.");
        return await GetAsync(account, name, version, cancellationToken) ?? throw NoSuchVersion(name, version);
    }

    /// <summary>Deletes the document with all its versions, or one version (never the default one).</summary>
    public async Task DeleteAsync(string account, string name, string? version, CancellationToken cancellationToken)
    {
        if (IsAwsDocument(name)) throw AwsOwned(name, "deleted");
        var current = await ReadHeaderAsync(account, name, cancellationToken) ?? throw NoSuchDocument(name);
        var header = current.Record;
        if (version is not null and not Latest and not Default)
        {
            if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number == header.DefaultVersion)
                throw new AwsErrorException("InvalidDocumentOperation", $"Version {version} of {name} is its default version or not a version number; delete the whole document or change its default version first.");
            if (!await store.DeleteAsync(VersionKey(account, name, number), cancellationToken)) throw NoSuchVersion(name, version);
            return;
        }
        var writes = new List<Write> { Write.Delete(HeaderKey(account, name)) };
        string? after = null;
        var prefix = $"/accounts/{account}/ssm/document-versions/{name}/";
        while (true)
        {
            var page = await store.ScanAsync(new ScanRequest(prefix, after, 1000), cancellationToken);
            foreach (var item in page.Items) writes.Add(Write.Delete(item.Key));
            if (!page.More) break;
            after = page.NextStartAfter;
        }
        var result = await store.CommitAsync(new Transaction([Condition.RevisionIs(HeaderKey(account, name), current.Revision)], writes), cancellationToken);
        if (!result.Committed) throw new AwsErrorException("TooManyUpdates", $"Document {name} is being updated concurrently; retry.");
    }

    /// <summary>The AWS-owned documents and the account's own (default versions), sorted by name.</summary>
    public async Task<IReadOnlyList<SessionDocument>> ListAsync(string account, CancellationToken cancellationToken)
    {
        var list = new List<SessionDocument>();
        foreach (var name in StandardDocuments.Aws.Keys)
            list.Add((await GetAsync(account, name, null, cancellationToken))!);
        string? after = null;
        while (true)
        {
            var page = await store.ScanAsync(new ScanRequest(HeaderPrefix(account), after, 1000), cancellationToken);
            foreach (var item in page.Items)
            {
                var header = JsonSerializer.Deserialize<DocumentHeaderRecord>(item.Value.Span, Json)!;
                if (await GetAsync(account, header.Name, null, cancellationToken) is { } document) list.Add(document);
            }
            if (!page.More) break;
            after = page.NextStartAfter;
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    /// <summary>The document version named <paramref name="versionName"/>, or null.</summary>
    public async Task<SessionDocument?> GetByVersionNameAsync(string account, string name, string versionName, CancellationToken cancellationToken)
    {
        name = NameFromArn(name);
        if (IsAwsDocument(name)) return null;
        var prefix = $"/accounts/{account}/ssm/document-versions/{name}/";
        string? after = null;
        while (true)
        {
            var page = await store.ScanAsync(new ScanRequest(prefix, after, 1000), cancellationToken);
            foreach (var item in page.Items)
            {
                var version = JsonSerializer.Deserialize<DocumentVersionRecord>(item.Value.Span, Json)!;
                if (version.VersionName == versionName)
                    return await GetAsync(account, name, version.Version.ToString(CultureInfo.InvariantCulture), cancellationToken);
            }
            if (!page.More) return null;
            after = page.NextStartAfter;
        }
    }

    public async Task<IReadOnlyList<Tag>> ListTagsAsync(string account, string name, CancellationToken cancellationToken)
    {
        if (IsAwsDocument(name)) return [];
        var header = await ReadHeaderAsync(account, name, cancellationToken) ?? throw InvalidResourceId(name);
        return header.Record.Tags;
    }

    /// <summary>The document's tags as <c>aws:ResourceTag/*</c>.</summary>
    public async ValueTask<ResourceFacts> ResourceFactsAsync(string account, string nameOrArn, CancellationToken cancellationToken)
    {
        var name = NameFromArn(nameOrArn);
        if (IsAwsDocument(name)) return ResourceFacts.None;
        var header = await ReadHeaderAsync(account, name, cancellationToken);
        if (header is null || header.Value.Record.Tags.Count == 0) return ResourceFacts.None;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in header.Value.Record.Tags) tags[tag.Key] = tag.Value;
        return new ResourceFacts(null, tags);
    }

    public Task AddTagsAsync(string account, string name, IReadOnlyList<Tag> tags, CancellationToken cancellationToken) =>
        ChangeTagsAsync(account, name, existing =>
        {
            var merged = new List<Tag>(existing);
            foreach (var tag in tags)
            {
                var at = merged.FindIndex(t => t.Key == tag.Key);
                if (at >= 0) merged[at] = tag;
                else merged.Add(tag);
            }
            if (merged.Count > MaxTags) throw new AwsErrorException("TooManyTagsError", $"The Tags parameter contains too many tags: a resource has at most {MaxTags}.");
            return merged;
        }, cancellationToken);

    public Task RemoveTagsAsync(string account, string name, IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        ChangeTagsAsync(account, name, existing => existing.Where(t => !keys.Contains(t.Key)).ToList(), cancellationToken);

    private async Task ChangeTagsAsync(string account, string name, Func<IReadOnlyList<Tag>, IReadOnlyList<Tag>> change, CancellationToken cancellationToken)
    {
        if (IsAwsDocument(name)) throw InvalidResourceId(name);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await ReadHeaderAsync(account, name, cancellationToken) ?? throw InvalidResourceId(name);
            var updated = current.Record with { Tags = change(current.Record.Tags) };
            var result = await store.CommitAsync(new Transaction([Condition.RevisionIs(HeaderKey(account, name), current.Revision)],
                [Write.Put(HeaderKey(account, name), JsonSerializer.SerializeToUtf8Bytes(updated, Json))]), cancellationToken);
            if (result.Committed) return;
        }
        throw new AwsErrorException("TooManyUpdates", $"Document {name} is being updated concurrently; retry.");
    }

    private static AwsErrorException InvalidResourceId(string id) =>
        new("InvalidResourceId", $"The resource ID \"{id}\" is not valid. Verify the ID and try again.");

    private async Task<DocumentVersionRecord?> ReadVersionAsync(string account, string name, int version, CancellationToken cancellationToken)
    {
        var item = await store.GetAsync(VersionKey(account, name, version), cancellationToken);
        return item is null ? null : JsonSerializer.Deserialize<DocumentVersionRecord>(item.Value.Span, Json);
    }

    private static void CheckTypeAndFormat(string? documentType, string? format)
    {
        if (documentType is not null && documentType != "Session")
            throw new AwsErrorException("InvalidDocumentContent", $"Sekisho stores Session documents only, not DocumentType {documentType}.");
        if (format is not null && format != "JSON")
            throw new AwsErrorException("InvalidDocumentContent", $"Sekisho reads JSON document content only, not {format}.");
    }
}

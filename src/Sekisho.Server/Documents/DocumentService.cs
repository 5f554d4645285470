using System.Globalization;
using System.Text.Json;
using Sekisho.Server.Api;
using Sekisho.Server.Hosting;
using Sekisho.Server.Nodes;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Documents;

/// <summary>
/// Session documents: the AWS-owned standard ones (in every account, read-only) and each account's own, with
/// numbered versions, a default version, and the account's <c>SSM-SessionManagerRunShell</c> preferences
/// (created with defaults on first read). Content is validated by <see cref="DocumentContentParser"/>.
/// </summary>
public sealed partial class DocumentService(IStore store, DataFolder.Settings settings, TimeProvider time)
{
    public const string Latest = "$LATEST";
    public const string Default = "$DEFAULT";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);
    private static readonly Dictionary<string, DocumentContent> AwsContent = ParseAws();

    public string Region => settings.Region;

    internal static string HeaderKey(string account, string name) => $"/accounts/{account}/ssm/documents/{name}";

    internal static string HeaderPrefix(string account) => $"/accounts/{account}/ssm/documents/";

    internal static string VersionKey(string account, string name, int version) =>
        $"/accounts/{account}/ssm/document-versions/{name}/{version.ToString("D6", CultureInfo.InvariantCulture)}";

    public static bool IsAwsDocument(string name) => StandardDocuments.Aws.ContainsKey(name);

    /// <summary>
    /// A document by name (or ARN) and version (a number, <c>$LATEST</c>, <c>$DEFAULT</c>, or null for the default),
    /// or null when there is no such document or version.
    /// </summary>
    public async Task<SessionDocument?> GetAsync(string account, string name, string? version, CancellationToken cancellationToken)
    {
        name = NameFromArn(name);
        if (AwsContent.TryGetValue(name, out var aws))
        {
            if (version is not (null or Latest or Default or "1")) return null;
            return Build(name, null, StandardDocuments.Aws[name], aws, 1, 1, 1, StandardDocuments.AwsCreatedDate);
        }
        var header = await ReadHeaderAsync(account, name, cancellationToken);
        if (header is null)
        {
            if (name != StandardDocuments.RunShell) return null;
            header = await CreateDefaultRunShellAsync(account, cancellationToken);
        }
        int number;
        if (version is null or Default) number = header.Value.Record.DefaultVersion;
        else if (version == Latest) number = header.Value.Record.LatestVersion;
        else if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out number)) return null;
        var item = await store.GetAsync(VersionKey(account, name, number), cancellationToken);
        if (item is null) return null;
        var stored = JsonSerializer.Deserialize<DocumentVersionRecord>(item.Value.Span, Json)!;
        return Build(name, account, stored.Content, DocumentContentParser.Parse(stored.Content), number,
            header.Value.Record.LatestVersion, header.Value.Record.DefaultVersion, stored.CreatedDate, stored.VersionName, header.Value.Record.Tags);
    }

    /// <summary>Resolves StartSession parameters against the document and substitutes them into its properties.</summary>
    public IReadOnlyDictionary<string, string> ResolveParameters(SessionDocument document, IReadOnlyDictionary<string, IReadOnlyList<string>>? parameters) =>
        DocumentParameterResolver.Resolve(document, parameters);

    /// <summary>The account's Session Manager preferences (its <c>SSM-SessionManagerRunShell</c> default version).</summary>
    public async Task<SessionPreferences> GetPreferencesAsync(string account, CancellationToken cancellationToken)
    {
        var document = await GetAsync(account, StandardDocuments.RunShell, null, cancellationToken);
        return document?.Preferences ?? SessionPreferences.Default;
    }

    internal async Task<(DocumentHeaderRecord Record, long Revision)?> ReadHeaderAsync(string account, string name, CancellationToken cancellationToken)
    {
        var item = await store.GetAsync(HeaderKey(account, name), cancellationToken);
        return item is null ? null : (JsonSerializer.Deserialize<DocumentHeaderRecord>(item.Value.Span, Json)!, item.Revision);
    }

    private async Task<(DocumentHeaderRecord Record, long Revision)> CreateDefaultRunShellAsync(string account, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var header = new DocumentHeaderRecord(StandardDocuments.RunShell, 1, 1, now, []);
        var version = new DocumentVersionRecord(1, StandardDocuments.DefaultRunShell, now);
        var key = HeaderKey(account, StandardDocuments.RunShell);
        var result = await store.CommitAsync(new Transaction([Condition.Missing(key)],
        [
            Write.Put(key, JsonSerializer.SerializeToUtf8Bytes(header, Json)),
            Write.Put(VersionKey(account, StandardDocuments.RunShell, 1), JsonSerializer.SerializeToUtf8Bytes(version, Json)),
        ]), cancellationToken);
        if (result.Committed) return (header, result.Revision);
        // Another request created it first: use theirs.
        return await ReadHeaderAsync(account, StandardDocuments.RunShell, cancellationToken)
               ?? throw new InvalidOperationException($"{key} was created and deleted concurrently");
    }

    internal SessionDocument Build(string name, string? account, string content, DocumentContent parsed, int version, int latest, int defaultVersion,
        DateTimeOffset created, string? versionName = null, IReadOnlyList<Identity.Tag>? tags = null) =>
        new(name, NodeArns.Document(settings.Region, account, name), account ?? DocumentOwners.Amazon,
            version.ToString(CultureInfo.InvariantCulture), version == defaultVersion,
            latest.ToString(CultureInfo.InvariantCulture), defaultVersion.ToString(CultureInfo.InvariantCulture),
            parsed.SessionType, parsed.Description, parsed.Inputs, parsed.Parameters, parsed.Properties, parsed.AllowedDestinations, content, created)
        {
            VersionName = versionName,
            Tags = tags ?? [],
            Preferences = parsed.Preferences,
        };

    /// <summary>Accepts <c>arn:aws:ssm:REGION:ACCOUNT:document/NAME</c> where a name is expected.</summary>
    public static string NameFromArn(string nameOrArn)
    {
        const string marker = ":document/";
        if (!nameOrArn.StartsWith("arn:", StringComparison.Ordinal)) return nameOrArn;
        var at = nameOrArn.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? nameOrArn : nameOrArn[(at + marker.Length)..];
    }

    private static Dictionary<string, DocumentContent> ParseAws()
    {
        var parsed = new Dictionary<string, DocumentContent>(StringComparer.Ordinal);
        foreach (var (name, content) in StandardDocuments.Aws) parsed[name] = DocumentContentParser.Parse(content);
        return parsed;
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sekisho.Server.Api;
using Sekisho.Server.Nodes;

namespace Sekisho.Server.Documents;

/// <summary>
/// The SSM document operations for Session documents: CreateDocument, GetDocument, DescribeDocument,
/// UpdateDocument, UpdateDocumentDefaultVersion, DeleteDocument, ListDocuments. Authorization on the document's
/// ARN (AWS-owned ones have no account in it), ListDocuments on <c>*</c>.
/// </summary>
public sealed class DocumentsModule(DocumentService documents) : IOperationModule
{
    private const string Service = "ssm";

    public void Register(OperationRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register(Service, "CreateDocument", CreateAsync, Declaration("ssm:CreateDocument", tagKeys: true));
        registry.Register(Service, "GetDocument", GetAsync, Declaration("ssm:GetDocument"));
        registry.Register(Service, "DescribeDocument", DescribeAsync, Declaration("ssm:DescribeDocument"));
        registry.Register(Service, "UpdateDocument", UpdateAsync, Declaration("ssm:UpdateDocument"));
        registry.Register(Service, "UpdateDocumentDefaultVersion", SetDefaultAsync, Declaration("ssm:UpdateDocumentDefaultVersion"));
        registry.Register(Service, "DeleteDocument", DeleteAsync, Declaration("ssm:DeleteDocument"));
        registry.Register(Service, "ListDocuments", ListAsync, AuthorizationDeclaration.For("ssm:ListDocuments", _ => "*"));
    }

    private AuthorizationDeclaration Declaration(string action, bool tagKeys = false) =>
        new(action, r => [Arn(r)])
        {
            ContextKeys = tagKeys ? r => AuthorizationDeclaration.RequestTagKeys(r.Input) : null,
            ResourceFacts = (r, arn, ct) => documents.ResourceFactsAsync(r.Caller.Account, arn, ct),
        };

    private string Arn(OperationRequest request)
    {
        var name = DocumentService.NameFromArn(request.String("Name")!);
        return NodeArns.Document(documents.Region, DocumentService.IsAwsDocument(name) ? null : request.Caller.Account, name);
    }

    private async ValueTask<JsonObject?> CreateAsync(OperationRequest request, CancellationToken ct)
    {
        var document = await documents.CreateAsync(request.Caller.Account, request.String("Name")!, request.String("Content")!,
            request.String("DocumentType"), request.String("DocumentFormat"), request.String("VersionName"), SsmTags.Read(request.Input["Tags"]), ct);
        return new JsonObject { ["DocumentDescription"] = Description(document) };
    }

    private async ValueTask<JsonObject?> GetAsync(OperationRequest request, CancellationToken ct)
    {
        var document = await FindAsync(request, ct);
        if (request.String("DocumentFormat") is { } format and not "JSON")
            throw new AwsErrorException("InvalidDocumentContent", $"Sekisho returns document content as JSON only, not {format}.");
        var output = new JsonObject
        {
            ["Name"] = document.Name,
            ["CreatedDate"] = document.CreatedDate,
            ["DocumentVersion"] = document.DocumentVersion,
            ["Status"] = "Active",
            ["Content"] = document.Content,
            ["DocumentType"] = "Session",
            ["DocumentFormat"] = "JSON",
        };
        if (document.VersionName is { } versionName) output["VersionName"] = versionName;
        return output;
    }

    private async ValueTask<JsonObject?> DescribeAsync(OperationRequest request, CancellationToken ct) =>
        new() { ["Document"] = Description(await FindAsync(request, ct)) };

    private async ValueTask<JsonObject?> UpdateAsync(OperationRequest request, CancellationToken ct)
    {
        var document = await documents.UpdateAsync(request.Caller.Account, DocumentService.NameFromArn(request.String("Name")!), request.String("Content")!,
            request.String("DocumentVersion"), request.String("DocumentFormat"), request.String("VersionName"), ct);
        return new JsonObject { ["DocumentDescription"] = Description(document) };
    }

    private async ValueTask<JsonObject?> SetDefaultAsync(OperationRequest request, CancellationToken ct)
    {
        var document = await documents.SetDefaultVersionAsync(request.Caller.Account, request.String("Name")!, request.String("DocumentVersion")!, ct);
        var description = new JsonObject { ["Name"] = document.Name, ["DefaultVersion"] = document.DefaultVersion };
        if (document.VersionName is { } versionName) description["DefaultVersionName"] = versionName;
        return new JsonObject { ["Description"] = description };
    }

    private async ValueTask<JsonObject?> DeleteAsync(OperationRequest request, CancellationToken ct)
    {
        await documents.DeleteAsync(request.Caller.Account, request.String("Name")!, request.String("DocumentVersion"), ct);
        return null;
    }

    private async ValueTask<JsonObject?> ListAsync(OperationRequest request, CancellationToken ct)
    {
        var account = request.Caller.Account;
        var filters = new List<(string Key, List<string> Values)>();
        if (request.Input["DocumentFilterList"] is JsonArray legacy)
            foreach (var f in legacy)
                filters.Add((f?["key"]?.GetValue<string>() ?? "", [f?["value"]?.GetValue<string>() ?? ""]));
        if (request.Input["Filters"] is JsonArray list)
            foreach (var f in list)
                filters.Add((f?["Key"]?.GetValue<string>() ?? "", SsmTags.Strings(f?["Values"])));
        foreach (var (key, _) in filters)
            if (key is not ("Name" or "Owner" or "DocumentType" or "PlatformTypes") && !key.StartsWith("tag:", StringComparison.Ordinal))
                throw new AwsErrorException("InvalidFilterKey", $"The filter key {key} is not valid: Name, Owner, DocumentType, PlatformTypes or tag:<key>.");
        var max = request.Input["MaxResults"] is JsonValue m ? (int)m.GetValue<long>() : 50;
        var after = PageTokens.Decode(request.String("NextToken"));
        var page = new JsonArray();
        string? next = null;
        foreach (var document in await documents.ListAsync(account, ct))
        {
            if (after is not null && string.CompareOrdinal(document.Name, after) <= 0) continue;
            if (!filters.TrueForAll(f => Matches(document, f.Key, f.Values, account))) continue;
            if (page.Count == max)
            {
                next = PageTokens.Encode(page[^1]!["Name"]!.GetValue<string>());
                break;
            }
            var item = new JsonObject
            {
                ["Name"] = document.Name,
                ["CreatedDate"] = document.CreatedDate,
                ["Owner"] = document.Owner,
                ["DocumentVersion"] = document.DefaultVersion,
                ["DocumentType"] = "Session",
                ["SchemaVersion"] = "1.0",
                ["DocumentFormat"] = "JSON",
                ["PlatformTypes"] = Platforms(),
                ["Tags"] = SsmTags.Write(document.Tags),
            };
            if (document.VersionName is { } versionName) item["VersionName"] = versionName;
            page.Add(item);
        }
        var output = new JsonObject { ["DocumentIdentifiers"] = page };
        if (next is not null) output["NextToken"] = next;
        return output;
    }

    private static bool Matches(SessionDocument document, string key, List<string> values, string account) => key switch
    {
        "Name" => values.Exists(v => document.Name.StartsWith(v, StringComparison.Ordinal)),
        "DocumentType" => values.Contains("Session"),
        "PlatformTypes" => values.Exists(v => v is "Linux" or "Windows" or "MacOS"),
        "Owner" => values.Exists(v => v switch
        {
            "Self" or "Private" => document.Owner == account,
            "Amazon" or "Public" => document.IsAwsOwned,
            "All" => true,
            _ => v == document.Owner,
        }),
        _ => document.Tags.Any(t => t.Key == key[4..] && values.Contains(t.Value)),
    };

    private async Task<SessionDocument> FindAsync(OperationRequest request, CancellationToken ct)
    {
        var account = request.Caller.Account;
        var name = DocumentService.NameFromArn(request.String("Name")!);
        var version = request.String("DocumentVersion");
        SessionDocument? document;
        if (request.String("VersionName") is { } versionName)
        {
            document = await documents.GetByVersionNameAsync(account, name, versionName, ct);
            if (document is not null && version is not null && version != document.DocumentVersion) document = null;
        }
        else
        {
            document = await documents.GetAsync(account, name, version, ct);
        }
        if (document is not null) return document;
        if (version is null && await documents.GetAsync(account, name, null, ct) is null) throw DocumentService.NoSuchDocument(name);
        throw DocumentService.NoSuchVersion(name, version ?? request.String("VersionName"));
    }

    private static JsonObject Description(SessionDocument document)
    {
        var parameters = new JsonArray();
        foreach (var (_, p) in document.Parameters)
        {
            var item = new JsonObject { ["Name"] = p.Name, ["Type"] = p.Type };
            if (p.Description is { } d) item["Description"] = d;
            if (p.Default is { } defaults) item["DefaultValue"] = p.IsList ? string.Join(",", defaults) : defaults[0];
            parameters.Add(item);
        }
        var description = new JsonObject
        {
            ["Name"] = document.Name,
            ["Hash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document.Content))),
            ["HashType"] = "Sha256",
            ["Owner"] = document.Owner,
            ["CreatedDate"] = document.CreatedDate,
            ["Status"] = "Active",
            ["DocumentVersion"] = document.DocumentVersion,
            ["Parameters"] = parameters,
            ["PlatformTypes"] = Platforms(),
            ["DocumentType"] = "Session",
            ["SchemaVersion"] = "1.0",
            ["LatestVersion"] = document.LatestVersion,
            ["DefaultVersion"] = document.DefaultVersion,
            ["DocumentFormat"] = "JSON",
            ["Tags"] = SsmTags.Write(document.Tags),
        };
        if (document.Description is { } text) description["Description"] = text;
        if (document.VersionName is { } versionName) description["VersionName"] = versionName;
        return description;
    }

    private static JsonArray Platforms() => ["Windows", "Linux", "MacOS"];
}

using System.Text.Json.Nodes;
using Sekisho.Server.Api;
using Sekisho.Server.Authorization;
using Sekisho.Server.Documents;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Nodes;

/// <summary>
/// The SSM operations of the nodes domain: activations, DescribeInstanceInformation, DeregisterManagedInstance and
/// tags on ManagedInstance and Document resources. Authorization follows the service authorization reference:
/// activations and DescribeInstanceInformation on <c>*</c>, the rest on the node's or document's ARN with its tags
/// as <c>aws:ResourceTag/*</c>; CreateActivation also needs <c>iam:PassRole</c> on the role.
/// </summary>
public sealed class NodesModule(
    ActivationService activations,
    NodeService nodes,
    AgentGateway gateway,
    DocumentService documents,
    Authorizer authorizer,
    IIdentityPolicySource identities,
    TimeProvider time) : IOperationModule
{
    private const string Service = "ssm";
    private const string ManagedInstance = "ManagedInstance";
    private const string DocumentType = "Document";

    public void Register(OperationRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register(Service, "CreateActivation", CreateActivationAsync, new AuthorizationDeclaration("ssm:CreateActivation", _ => ["*"])
        {
            ContextKeys = r => AuthorizationDeclaration.RequestTagKeys(r.Input),
        });
        registry.Register(Service, "DescribeActivations", DescribeActivationsAsync, AuthorizationDeclaration.For("ssm:DescribeActivations", _ => "*"));
        registry.Register(Service, "DeleteActivation", DeleteActivationAsync, AuthorizationDeclaration.For("ssm:DeleteActivation", _ => "*"));
        registry.Register(Service, "DescribeInstanceInformation", DescribeInstanceInformationAsync,
            AuthorizationDeclaration.For("ssm:DescribeInstanceInformation", _ => "*"));
        registry.Register(Service, "DeregisterManagedInstance", DeregisterAsync,
            new AuthorizationDeclaration("ssm:DeregisterManagedInstance", r => [NodeArn(r, r.String("InstanceId")!)])
            {
                ResourceFacts = (r, arn, ct) => nodes.ResourceFactsAsync(r.Caller.Account, arn, ct),
            });
        registry.Register(Service, "AddTagsToResource", AddTagsAsync, new AuthorizationDeclaration("ssm:AddTagsToResource", r => [TaggedArn(r)])
        {
            ContextKeys = r => AuthorizationDeclaration.RequestTagKeys(r.Input),
            ResourceFacts = TaggedFactsAsync,
        });
        registry.Register(Service, "RemoveTagsFromResource", RemoveTagsAsync, new AuthorizationDeclaration("ssm:RemoveTagsFromResource", r => [TaggedArn(r)])
        {
            ContextKeys = r => [new("aws:TagKeys", SsmTags.Strings(r.Input["TagKeys"]).ToArray())],
            ResourceFacts = TaggedFactsAsync,
        });
        registry.Register(Service, "ListTagsForResource", ListTagsAsync, new AuthorizationDeclaration("ssm:ListTagsForResource", r => [TaggedArn(r)])
        {
            ResourceFacts = TaggedFactsAsync,
        });
    }

    private string NodeArn(OperationRequest request, string instanceId) => NodeArns.ManagedInstance(nodes.Region, request.Caller.Account, instanceId);

    private async ValueTask<JsonObject?> CreateActivationAsync(OperationRequest request, CancellationToken ct)
    {
        var roleName = request.String("IamRole")!;
        var account = request.Caller.Account;
        var role = await identities.GetRoleAsync(account, roleName[(roleName.LastIndexOf('/') + 1)..], ct);
        if (role is null)
            throw new AwsErrorException("InvalidParameters", $"Nonexistent role or missing ssm service principal in trust policy: arn:aws:iam::{account}:role/{roleName}");
        // ssm:CreateActivation passes the role to SSM: the caller needs iam:PassRole on it, as on AWS.
        var passRole = await authorizer.AuthorizeAsync(request.Caller, new AuthorizationRequest("iam:PassRole", role.Arn, ResourceFacts.None,
            [new("iam:PassedToService", ["ssm.amazonaws.com"])]), request.Facts, ct);
        if (!passRole.Allowed) throw new AwsErrorException("AccessDeniedException", passRole.Message!, 400);
        DateTimeOffset? expiration = request.Input["ExpirationDate"] is JsonValue e ? Sekisho.Protocol.Aws.AwsTimestamps.Read(e) : null;
        int? limit = request.Input["RegistrationLimit"] is JsonValue l ? (int)l.GetValue<long>() : null;
        var (activation, code) = await activations.CreateAsync(account, roleName, request.String("Description"), request.String("DefaultInstanceName"),
            limit, expiration, SsmTags.Read(request.Input["Tags"]), ct);
        return new JsonObject { ["ActivationId"] = activation.ActivationId, ["ActivationCode"] = code };
    }

    private async ValueTask<JsonObject?> DescribeActivationsAsync(OperationRequest request, CancellationToken ct)
    {
        var filters = new List<(string Key, List<string> Values)>();
        if (request.Input["Filters"] is JsonArray list)
            foreach (var f in list)
                filters.Add((f?["FilterKey"]?.GetValue<string>() ?? "", SsmTags.Strings(f?["FilterValues"])));
        var max = request.Input["MaxResults"] is JsonValue m ? (int)m.GetValue<long>() : 50;
        var after = PageTokens.Decode(request.String("NextToken"));
        var now = time.GetUtcNow();
        var page = new JsonArray();
        string? next = null;
        foreach (var activation in await activations.ListAsync(request.Caller.Account, ct))
        {
            if (after is not null && string.CompareOrdinal(activation.ActivationId, after) <= 0) continue;
            if (!filters.TrueForAll(f => f.Key switch
                {
                    "ActivationIds" => f.Values.Contains(activation.ActivationId),
                    "DefaultInstanceName" => activation.DefaultInstanceName is { } n && f.Values.Contains(n),
                    "IamRole" => f.Values.Contains(activation.IamRole),
                    _ => throw new AwsErrorException("InvalidFilter", $"The filter key {f.Key} is not valid."),
                })) continue;
            if (page.Count == max)
            {
                next = PageTokens.Encode(page[^1]!["ActivationId"]!.GetValue<string>());
                break;
            }
            var item = new JsonObject
            {
                ["ActivationId"] = activation.ActivationId,
                ["IamRole"] = activation.IamRole,
                ["RegistrationLimit"] = activation.RegistrationLimit,
                ["RegistrationsCount"] = activation.RegistrationsCount,
                ["ExpirationDate"] = activation.ExpirationDate,
                ["Expired"] = activation.IsExpired(now),
                ["CreatedDate"] = activation.CreatedDate,
                ["Tags"] = SsmTags.Write(activation.Tags),
            };
            if (activation.Description is { } d) item["Description"] = d;
            if (activation.DefaultInstanceName is { } name) item["DefaultInstanceName"] = name;
            page.Add(item);
        }
        var output = new JsonObject { ["ActivationList"] = page };
        if (next is not null) output["NextToken"] = next;
        return output;
    }

    private async ValueTask<JsonObject?> DeleteActivationAsync(OperationRequest request, CancellationToken ct)
    {
        var id = request.String("ActivationId")!;
        if (!await activations.DeleteAsync(request.Caller.Account, id, ct))
            throw new AwsErrorException("InvalidActivationId", $"The activation ID {id} is not valid. Verify the ID and try again.");
        return null;
    }

    private async ValueTask<JsonObject?> DescribeInstanceInformationAsync(OperationRequest request, CancellationToken ct)
    {
        var filter = InstanceFilter.From(request.Input);
        var max = request.Input["MaxResults"] is JsonValue m ? (int)m.GetValue<long>() : 50;
        var after = PageTokens.Decode(request.String("NextToken"));
        var now = time.GetUtcNow();
        var page = new JsonArray();
        string? next = null;
        foreach (var node in await nodes.ListAsync(request.Caller.Account, ct))
        {
            if (after is not null && string.CompareOrdinal(node.InstanceId, after) <= 0) continue;
            var online = gateway.IsOnline(node.InstanceId) || node.Connected;
            if (!filter.Matches(node, online ? "Online" : "ConnectionLost")) continue;
            if (page.Count == max)
            {
                next = PageTokens.Encode(page[^1]!["InstanceId"]!.GetValue<string>());
                break;
            }
            page.Add(Describe(node, online, now));
        }
        var output = new JsonObject { ["InstanceInformationList"] = page };
        if (next is not null) output["NextToken"] = next;
        return output;
    }

    private static JsonObject Describe(NodeRecord node, bool online, DateTimeOffset now)
    {
        var item = new JsonObject
        {
            ["InstanceId"] = node.InstanceId,
            ["PingStatus"] = online ? "Online" : "ConnectionLost",
            ["IsLatestVersion"] = false,
            ["PlatformType"] = node.PlatformType ?? "Linux",
            ["ActivationId"] = node.ActivationId,
            ["IamRole"] = node.IamRole,
            ["RegistrationDate"] = node.RegistrationDate,
            ["ResourceType"] = ManagedInstance,
            ["SourceId"] = node.InstanceId,
            ["SourceType"] = "AWS::SSM::ManagedInstance",
        };
        // A connected agent is pinging right now (WebSocket keepalive); otherwise its last hello is its last ping.
        if (online) item["LastPingDateTime"] = now;
        else if (node.LastPingDateTime is { } ping) item["LastPingDateTime"] = ping;
        if (node.Name is { } name) item["Name"] = name;
        if (node.AgentVersion is { } version) item["AgentVersion"] = version;
        if (node.PlatformName is { } platform) item["PlatformName"] = platform;
        if (node.PlatformVersion is { } platformVersion) item["PlatformVersion"] = platformVersion;
        if (node.IpAddress is { } ip) item["IPAddress"] = ip;
        if (node.ComputerName is { } computer) item["ComputerName"] = computer;
        return item;
    }

    private async ValueTask<JsonObject?> DeregisterAsync(OperationRequest request, CancellationToken ct)
    {
        var id = request.String("InstanceId")!;
        if (!await nodes.DeregisterAsync(request.Caller.Account, id, ct))
            throw new AwsErrorException("InvalidInstanceId", $"Instance ID {id} is not valid. Verify the ID and try again.");
        await gateway.DeregisteredAsync(id, ct);
        return null;
    }

    private string TaggedArn(OperationRequest request)
    {
        var id = request.String("ResourceId")!;
        return request.String("ResourceType") switch
        {
            ManagedInstance => NodeArn(request, id),
            DocumentType => NodeArns.Document(documents.Region, DocumentService.IsAwsDocument(id) ? null : request.Caller.Account, id),
            var other => throw new AwsErrorException("InvalidResourceType", $"The resource type {other} is not supported by Sekisho (ManagedInstance and Document are)."),
        };
    }

    private async ValueTask<ResourceFacts> TaggedFactsAsync(OperationRequest request, string arn, CancellationToken ct) =>
        request.String("ResourceType") == ManagedInstance
            ? await nodes.ResourceFactsAsync(request.Caller.Account, arn, ct)
            : await documents.ResourceFactsAsync(request.Caller.Account, request.String("ResourceId")!, ct);

    private async ValueTask<JsonObject?> AddTagsAsync(OperationRequest request, CancellationToken ct)
    {
        var tags = SsmTags.Read(request.Input["Tags"]);
        var id = request.String("ResourceId")!;
        if (request.String("ResourceType") == ManagedInstance) await nodes.AddTagsAsync(request.Caller.Account, id, tags, ct);
        else await documents.AddTagsAsync(request.Caller.Account, id, tags, ct);
        return null;
    }

    private async ValueTask<JsonObject?> RemoveTagsAsync(OperationRequest request, CancellationToken ct)
    {
        var keys = SsmTags.Strings(request.Input["TagKeys"]);
        var id = request.String("ResourceId")!;
        if (request.String("ResourceType") == ManagedInstance) await nodes.RemoveTagsAsync(request.Caller.Account, id, keys, ct);
        else await documents.RemoveTagsAsync(request.Caller.Account, id, keys, ct);
        return null;
    }

    private async ValueTask<JsonObject?> ListTagsAsync(OperationRequest request, CancellationToken ct)
    {
        var id = request.String("ResourceId")!;
        IReadOnlyList<Tag> tags;
        if (request.String("ResourceType") == ManagedInstance)
            tags = (await nodes.GetAsync(request.Caller.Account, id, ct))?.Tags ?? throw NodeService.InvalidResourceId(id);
        else
            tags = await documents.ListTagsAsync(request.Caller.Account, id, ct);
        return new JsonObject { ["TagList"] = SsmTags.Write(tags) };
    }
}

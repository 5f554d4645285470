using System.Text.Json.Nodes;
using Sekisho.Server.Api;

namespace Sekisho.Server.Nodes;

/// <summary>
/// DescribeInstanceInformation's filters, both forms (InstanceInformationFilterList with key/valueSet and Filters
/// with Key/Values, which also takes <c>tag:KEY</c> and <c>tag-key</c>): every filter must match, any value within one.
/// </summary>
internal sealed class InstanceFilter
{
    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
        { "InstanceIds", "AgentVersion", "PingStatus", "PlatformTypes", "ActivationIds", "IamRole", "ResourceType", "AssociationStatus" };

    private readonly List<(string Key, List<string> Values)> _filters = [];

    public static InstanceFilter From(JsonObject input)
    {
        var filter = new InstanceFilter();
        if (input["InstanceInformationFilterList"] is JsonArray legacy)
            foreach (var f in legacy)
                filter.Add(f?["key"]?.GetValue<string>() ?? "", SsmTags.Strings(f?["valueSet"]), allowTags: false);
        if (input["Filters"] is JsonArray filters)
            foreach (var f in filters)
                filter.Add(f?["Key"]?.GetValue<string>() ?? "", SsmTags.Strings(f?["Values"]), allowTags: true);
        return filter;
    }

    private void Add(string key, List<string> values, bool allowTags)
    {
        var isTag = allowTags && ((key.StartsWith("tag:", StringComparison.Ordinal) && key.Length > 4) || key == "tag-key");
        if (!isTag && !Keys.Contains(key))
            throw new AwsErrorException("InvalidFilterKey", $"The filter key {key} is not valid. Valid keys: {string.Join(", ", Keys)}{(allowTags ? ", tag:<key>, tag-key" : "")}.");
        if (values.Count == 0)
            throw new AwsErrorException("InvalidInstanceInformationFilterValue", $"The filter {key} needs at least one value.");
        if (key == "PingStatus")
            foreach (var v in values)
                if (v is not ("Online" or "ConnectionLost" or "Inactive"))
                    throw new AwsErrorException("InvalidInstanceInformationFilterValue", $"PingStatus {v} is not valid: Online, ConnectionLost or Inactive.");
        if (key == "InstanceIds")
            foreach (var v in values)
                if (!NodeIds.IsInstanceId(v) && !v.StartsWith("i-", StringComparison.Ordinal))
                    throw new AwsErrorException("InvalidInstanceId", $"Instance ID {v} is not valid. Verify the ID and try again.");
        _filters.Add((key, values));
    }

    public bool Matches(NodeRecord node, string pingStatus)
    {
        foreach (var (key, values) in _filters)
        {
            var match = key switch
            {
                "InstanceIds" => values.Contains(node.InstanceId),
                "AgentVersion" => node.AgentVersion is { } v && values.Contains(v),
                "PingStatus" => values.Contains(pingStatus),
                "PlatformTypes" => values.Contains(node.PlatformType ?? "Linux"),
                "ActivationIds" => values.Contains(node.ActivationId),
                "IamRole" => values.Contains(node.IamRole),
                "ResourceType" => values.Contains("ManagedInstance"),
                "AssociationStatus" => false,
                "tag-key" => node.Tags.Any(t => values.Contains(t.Key)),
                _ => node.Tags.Any(t => t.Key == key[4..] && values.Contains(t.Value)),
            };
            if (!match) return false;
        }
        return true;
    }
}

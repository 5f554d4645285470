using System.Text.Json.Nodes;
using Sekisho.Server.Authorization;

namespace Sekisho.Server.Api;

/// <summary>
/// What an operation is, to the authorizer, as the service authorization reference lists it: the IAM action, the
/// resource ARN(s) computed from the input and the caller, extra context keys (aws:RequestTag/*, aws:TagKeys,
/// iam:PolicyARN, iam:PermissionsBoundary, ...), and how to find each resource's policy and tags. The front
/// authorizes every resource before the handler runs; all must be allowed.
/// </summary>
public sealed record AuthorizationDeclaration(string Action, Func<OperationRequest, IReadOnlyList<string>> Resources)
{
    /// <summary>
    /// Resources that need a read to name (IAM names an existing user, group or role by its stored path, which the
    /// request does not carry); when set, the front uses it instead of <see cref="Resources"/>.
    /// </summary>
    public Func<OperationRequest, CancellationToken, ValueTask<IReadOnlyList<string>>>? ResourcesAsync { get; init; }

    /// <summary>Operation-specific context keys, or null.</summary>
    public Func<OperationRequest, IReadOnlyList<KeyValuePair<string, string[]>>>? ContextKeys { get; init; }

    /// <summary>The resource-based policy (for sts:AssumeRole the trust policy) and tags of a resource, or null for none.</summary>
    public Func<OperationRequest, string, CancellationToken, ValueTask<ResourceFacts>>? ResourceFacts { get; init; }

    /// <summary>A declaration with one resource.</summary>
    public static AuthorizationDeclaration For(string action, Func<OperationRequest, string> resource) =>
        new(action, request => [resource(request)]);

    /// <summary>aws:RequestTag/KEY and aws:TagKeys from an input list of <c>{Key, Value}</c> (the IAM and STS <c>Tags</c> shape).</summary>
    public static IReadOnlyList<KeyValuePair<string, string[]>> RequestTagKeys(JsonObject input, string member = "Tags")
    {
        if (input[member] is not JsonArray tags || tags.Count == 0) return [];
        var keys = new List<KeyValuePair<string, string[]>>(tags.Count + 1);
        var names = new string[tags.Count];
        for (var i = 0; i < tags.Count; i++)
        {
            var key = tags[i]?["Key"]?.GetValue<string>() ?? "";
            names[i] = key;
            keys.Add(new("aws:RequestTag/" + key, [tags[i]?["Value"]?.GetValue<string>() ?? ""]));
        }
        keys.Add(new("aws:TagKeys", names));
        return keys;
    }
}

using System.Text.Json.Nodes;
using Sekisho.Protocol.Aws;
using Sekisho.Server.Credentials;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Api.Iam;

/// <summary>
/// The IAM API: one table of operations, each with its IAM action, resource and handler. Handlers only translate
/// between the model's shapes and <see cref="IdentityService"/> (DESIGN.md principle 1); authorization happens
/// before <see cref="InvokeAsync"/> on the one authorization path, from <see cref="IamOperation.Action"/> and
/// <see cref="IamOperation.Resource"/>.
/// </summary>
public sealed partial class IamApi
{
    private readonly Dictionary<string, IamOperation> _operations = new(StringComparer.Ordinal);
    private readonly IdentityService _identity;
    private readonly IdentityPolicyGatherer _gatherer;
    private readonly AccessKeyUsageTracker? _usage;

    /// <param name="usage">last use of access keys; without it GetAccessKeyLastUsed answers N/A, as for a key never used</param>
    public IamApi(IdentityService identity, IdentityPolicyGatherer gatherer, AccessKeyUsageTracker? usage = null)
    {
        _identity = identity;
        _gatherer = gatherer;
        _usage = usage;
        AddUsers();
        AddGroups();
        AddRoles();
        AddPolicies();
        AddAttachments();
        AddCredentials();
        AddMfa();
        AddReports();
    }

    public static AwsServiceModel Model => AwsServiceModel.Load("iam");

    public IReadOnlyDictionary<string, IamOperation> Operations => _operations;

    /// <summary>Runs an operation; domain refusals come back as <see cref="IamException"/>.</summary>
    public async Task<JsonObject?> InvokeAsync(string operation, IamRequest request, CancellationToken ct = default)
    {
        if (!_operations.TryGetValue(operation, out var op))
            throw new IamException(new AwsError("InvalidAction", $"Could not find operation {operation} for version {Model.ApiVersion}", 400));
        return await op.Handle(request, ct).ConfigureAwait(false);
    }

    private void Add(string name, Func<IamRequest, CancellationToken, ValueTask<string>> resource,
        Func<IamRequest, CancellationToken, Task<JsonObject?>> handle)
    {
        if (!Model.TryGetOperation(name, out _)) throw new InvalidOperationException($"the IAM model has no operation {name}");
        _operations.Add(name, new IamOperation(name, "iam:" + name, resource, handle));
    }

    /// <summary>List operations are authorized on the path they list, as AWS words it ("on resource: arn:aws:iam::123456789012:user/").</summary>
    private static ValueTask<string> ListResource(IamRequest r, string noun) =>
        ValueTask.FromResult($"arn:aws:iam::{r.Account}:{noun}{r.Str("PathPrefix") ?? "/"}");

    private static ValueTask<string> Any(IamRequest r, CancellationToken ct) => ValueTask.FromResult("*");

    // AWS authorizes an action on an existing user, group or role against its ARN, path included, so a policy on
    // user/team/* covers users created under /team/. The path is not in the request: read the stored entity. A
    // missing one is named at "/" (the handler then answers NoSuchEntity, once authorized).
    private async ValueTask<string> UserArnAsync(IamRequest r, string name, CancellationToken ct)
    {
        if (r.Caller.UserName is { } me && string.Equals(me, name, StringComparison.OrdinalIgnoreCase) && r.Caller.Arn.Contains(":user/", StringComparison.Ordinal))
            return r.Caller.Arn;
        var user = await _identity.FindUserAsync(r.Account, name, ct).ConfigureAwait(false);
        return user?.Arn ?? IamRequest.Arn(r.Account, "user", "/", name);
    }

    private async ValueTask<string> GroupArnAsync(IamRequest r, string name, CancellationToken ct) =>
        (await _identity.FindGroupAsync(r.Account, name, ct).ConfigureAwait(false))?.Arn ?? IamRequest.Arn(r.Account, "group", "/", name);

    private async ValueTask<string> RoleArnAsync(IamRequest r, string name, CancellationToken ct) =>
        (await _identity.FindRoleAsync(r.Account, name, ct).ConfigureAwait(false))?.Arn ?? IamRequest.Arn(r.Account, "role", "/", name);

    private ValueTask<string> UserResource(IamRequest r, CancellationToken ct) => UserArnAsync(r, r.UserOrCaller(), ct);

    private ValueTask<string> GroupResource(IamRequest r, CancellationToken ct) => GroupArnAsync(r, r.Req("GroupName"), ct);

    private ValueTask<string> RoleResource(IamRequest r, CancellationToken ct) => RoleArnAsync(r, r.Req("RoleName"), ct);

    private static ValueTask<string> PolicyResource(IamRequest r, CancellationToken ct) => ValueTask.FromResult(r.Req("PolicyArn"));

    private static JsonObject? Empty() => null;
}

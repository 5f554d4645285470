using System.Text.Json.Nodes;
using Sekisho.Server.Api;

namespace Sekisho.Server.Sts;

/// <summary>sts:GetCallerIdentity, which AWS answers for every authenticated caller without a policy check.</summary>
public sealed class CallerIdentityModule : IOperationModule
{
    public void Register(OperationRegistry registry) =>
        registry.Register("sts", "GetCallerIdentity", (request, _) => ValueTask.FromResult<JsonObject?>(new JsonObject
        {
            ["UserId"] = request.Caller.UserId,
            ["Account"] = request.Caller.Account,
            ["Arn"] = request.Caller.Arn,
        }), authorization: null);
}

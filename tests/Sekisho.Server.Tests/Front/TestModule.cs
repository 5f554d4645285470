using System.Text.Json.Nodes;
using Sekisho.Server.Api;

namespace Sekisho.Server.Tests.Front;

/// <summary>An operation registered the way domain modules register theirs, (IAM's are the real ones of the identity domain), so the front's authorization can be exercised.</summary>
internal sealed class TestModule : IOperationModule
{
    public void Register(OperationRegistry registry)
    {
        registry.Register("ssm", "DescribeSessions", (_, _) => ValueTask.FromResult<JsonObject?>(new JsonObject { ["Sessions"] = new JsonArray() }),
            AuthorizationDeclaration.For("ssm:DescribeSessions", r => $"arn:aws:ssm:{r.Facts.Region}:{r.Caller.Account}:session/*"));
    }
}

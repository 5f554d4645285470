using System.Text.Json.Nodes;
using Sekisho.Server.Api;

namespace Sekisho.Server.Tests.Front;

/// <summary>Two operations registered the way domain modules register theirs, so the front's authorization can be exercised.</summary>
internal sealed class TestModule : IOperationModule
{
    public void Register(OperationRegistry registry)
    {
        registry.Register("iam", "ListUsers", (_, _) => ValueTask.FromResult<JsonObject?>(new JsonObject { ["Users"] = new JsonArray(), ["IsTruncated"] = false }),
            AuthorizationDeclaration.For("iam:ListUsers", r => $"arn:aws:iam::{r.Caller.Account}:user/"));
        registry.Register("ssm", "DescribeSessions", (_, _) => ValueTask.FromResult<JsonObject?>(new JsonObject { ["Sessions"] = new JsonArray() }),
            AuthorizationDeclaration.For("ssm:DescribeSessions", r => $"arn:aws:ssm:{r.Facts.Region}:{r.Caller.Account}:session/*"));
        registry.Register("iam", "DeleteUser", (r, _) => throw new AwsErrorException("NoSuchEntity", $"The user with name {r.String("UserName")} cannot be found.", 404),
            AuthorizationDeclaration.For("iam:DeleteUser", r => $"arn:aws:iam::{r.Caller.Account}:user/{r.String("UserName")}"));
    }
}

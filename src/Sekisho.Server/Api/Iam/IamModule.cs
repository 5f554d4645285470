using Sekisho.Server.Identity;

namespace Sekisho.Server.Api.Iam;

/// <summary>Plugs every <see cref="IamApi"/> operation into server-core's operation table with its authorization declaration.</summary>
public sealed class IamModule(IamApi api) : IOperationModule
{
    public void Register(OperationRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var op in api.Operations.Values)
        {
            var operation = op;
            registry.Register("iam", operation.Name, async (request, ct) =>
            {
                try
                {
                    return await operation.Handle(ToIam(request), ct).ConfigureAwait(false);
                }
                catch (IamException e)
                {
                    throw new AwsErrorException(e.Error);
                }
            }, new AuthorizationDeclaration(operation.Action, request => throw new InvalidOperationException("IAM resources are named asynchronously"))
            {
                ResourcesAsync = (request, ct) => ResourceAsync(operation, request, ct),
                ContextKeys = request => AuthorizationDeclaration.RequestTagKeys(request.Input),
            });
        }
    }

    // A user's own session (GetSessionToken) acts as the user, as on AWS; role sessions have no IAM user.
    private static IamRequest ToIam(OperationRequest request) =>
        new(new IamCaller(request.Caller.Account, request.Caller.Arn,
            request.Caller.Type == Sekisho.Policy.PrincipalType.User ? request.Caller.UserName : null), request.Input);

    /// <summary>The resource the operation acts on; an existing user, group or role is named by its stored path.</summary>
    private static async ValueTask<IReadOnlyList<string>> ResourceAsync(IamOperation operation, OperationRequest request, CancellationToken ct)
    {
        try
        {
            return [await operation.Resource(ToIam(request), ct).ConfigureAwait(false)];
        }
        catch (IamException e)
        {
            throw new AwsErrorException(e.Error);
        }
    }
}

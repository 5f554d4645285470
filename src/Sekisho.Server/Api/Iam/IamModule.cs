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
            }, new AuthorizationDeclaration(operation.Action, request => [Resource(operation, request)])
            {
                ContextKeys = request => AuthorizationDeclaration.RequestTagKeys(request.Input),
            });
        }
    }

    // A user's own session (GetSessionToken) acts as the user, as on AWS; role sessions have no IAM user.
    private static IamRequest ToIam(OperationRequest request) =>
        new(new IamCaller(request.Caller.Account, request.Caller.Arn,
            request.Caller.Type == Sekisho.Policy.PrincipalType.User ? request.Caller.UserName : null), request.Input);

    /// <summary>Every resource resolver of the table completes synchronously (it reads only the request).</summary>
    private static string Resource(IamOperation operation, OperationRequest request)
    {
        try
        {
            var resource = operation.Resource(ToIam(request), CancellationToken.None);
            return resource.IsCompletedSuccessfully ? resource.Result : throw new InvalidOperationException($"the resource of {operation.Name} is not synchronous");
        }
        catch (IamException e)
        {
            throw new AwsErrorException(e.Error);
        }
    }
}

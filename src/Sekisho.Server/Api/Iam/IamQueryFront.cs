using Sekisho.Protocol.Aws;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Api.Iam;

/// <summary>
/// The IAM query protocol around <see cref="IamApi"/>: form fields in, XML out. It reads and validates the input
/// against the botocore model, asks the authorization path (passed in: the operation's action and resource) and
/// runs the handler; every refusal becomes an AWS <c>ErrorResponse</c>.
/// </summary>
public sealed class IamQueryFront(IamApi api)
{
    private readonly QueryRequestReader _reader = new(IamApi.Model);
    private readonly QueryResponseWriter _writer = new(IamApi.Model);

    /// <summary>Decides whether <paramref name="caller"/> may perform an action on a resource; null means allowed.</summary>
    public delegate Task<AwsError?> Authorizer(IamCaller caller, IamOperation operation, string resource, CancellationToken ct);

    public async Task<IamHttpResponse> HandleAsync(IReadOnlyDictionary<string, string> form, IamCaller caller, Authorizer authorize, string requestId,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(authorize);
        var input = _reader.Read(form);
        if (input.Error is { } readError) return Error(readError, requestId);
        var operation = input.Operation!;
        if (!api.Operations.TryGetValue(operation.Name, out var op))
            return Error(new AwsError("InvalidAction", $"Operation {operation.Name} is not supported by Sekisho.", 400), requestId);
        var request = new IamRequest(caller, input.Members!);
        try
        {
            var resource = await op.Resource(request, ct).ConfigureAwait(false);
            if (await authorize(caller, op, resource, ct).ConfigureAwait(false) is { } denied) return Error(denied, requestId);
            var result = await op.Handle(request, ct).ConfigureAwait(false);
            return new IamHttpResponse(200, _writer.Write(operation, result, requestId));
        }
        catch (IamException e)
        {
            return Error(e.Error, requestId);
        }
    }

    private IamHttpResponse Error(AwsError error, string requestId) => new(error.HttpStatus, _writer.WriteError(error, requestId));
}

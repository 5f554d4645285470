using Sekisho.Protocol.Aws;

namespace Sekisho.Server.Api;

/// <summary>
/// The table of operations: (service, operation) to handler and authorization declaration. Operation names are
/// checked against the botocore model at registration, and registering one twice is an error, so a typo or a
/// clash fails at start rather than at the first call.
/// </summary>
public sealed class OperationRegistry
{
    /// <summary>The services the front speaks, by SigV4 scope name.</summary>
    public static readonly IReadOnlyList<string> Services = ["iam", "sts", "ssm"];

    private readonly Dictionary<(string, string), OperationDefinition> _operations = [];

    public OperationRegistry(IEnumerable<IOperationModule> modules)
    {
        foreach (var module in modules) module.Register(this);
    }

    public void Register(string service, string operation, OperationHandler handler, AuthorizationDeclaration? authorization)
    {
        if (!Services.Contains(service)) throw new ArgumentException($"service '{service}' is not one the front speaks", nameof(service));
        if (!AwsServiceModel.Load(service).TryGetOperation(operation, out _))
            throw new ArgumentException($"the {service} model has no operation '{operation}'", nameof(operation));
        if (!_operations.TryAdd((service, operation), new OperationDefinition(service, operation, handler, authorization)))
            throw new InvalidOperationException($"{service}:{operation} is registered twice");
    }

    public bool TryGet(string service, string operation, out OperationDefinition definition) =>
        _operations.TryGetValue((service, operation), out definition!);

    public IEnumerable<OperationDefinition> All => _operations.Values;
}

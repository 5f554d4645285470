namespace Sekisho.Server.Api;

/// <summary>
/// A group of operations registered with the front (one per domain: identity's IAM operations, STS, SSM, ...).
/// Add an implementation to the service collection (<c>services.AddSingleton&lt;IOperationModule, MyModule&gt;()</c>)
/// and the registry picks it up at start.
/// </summary>
public interface IOperationModule
{
    void Register(OperationRegistry registry);
}

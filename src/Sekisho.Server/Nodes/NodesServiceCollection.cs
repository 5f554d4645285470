using Microsoft.Extensions.DependencyInjection;
using Sekisho.Server.Documents;
using Sekisho.Server.Hosting;

namespace Sekisho.Server.Nodes;

/// <summary>Registers the nodes domain: activations, registration, inventory, documents and the agent gateway.</summary>
public static class NodesServiceCollection
{
    public static IServiceCollection AddSekishoNodes(this IServiceCollection services)
    {
        services.AddSingleton<ActivationService>();
        services.AddSingleton<NodeService>();
        services.AddSingleton<NodeRegistration>();
        services.AddSingleton<DocumentService>();
        services.AddSingleton<AgentGateway>();
        services.AddSingleton<AgentControlEndpoint>();
        services.AddSingleton<IEndpointModule, AgentEndpointsModule>();
        services.AddHostedService<NodeFeed>();
        services.AddSingleton<Api.IOperationModule, NodesModule>();
        services.AddSingleton<Api.IOperationModule, DocumentsModule>();
        return services;
    }
}

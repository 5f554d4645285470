using Microsoft.Extensions.DependencyInjection;

namespace Sekisho.Server.Nodes;

/// <summary>Registers the nodes domain: activations, registration, inventory, documents and the agent gateway.</summary>
public static class NodesServiceCollection
{
    public static IServiceCollection AddSekishoNodes(this IServiceCollection services) => services;
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sekisho.Server.Api;
using Sekisho.Server.Hosting;
using Sekisho.Server.Nodes;

namespace Sekisho.Server.Sessions;

/// <summary>Registers the sessions domain: Start/Resume/Terminate/DescribeSessions, the data-channel relay and recordings.</summary>
public static class SessionsServiceCollection
{
    public static IServiceCollection AddSekishoSessions(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<SessionRepository>();
        services.AddSingleton<RecordingStore>();
        services.AddSingleton<StreamTokens>();
        services.AddSingleton<SessionAuthorization>();
        services.TryAddSingleton<ISessionTargets, NodeSessionTargets>();
        services.AddSingleton<SessionRelay>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<SessionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionSweeper>());
        services.AddSingleton<RecordingExpiry>();
        services.AddSingleton<RecordingRetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<RecordingRetentionService>());
        services.AddSingleton<IOperationModule, SessionsModule>();
        services.AddSingleton<IEndpointModule, SessionEndpoints>();
        services.AddSingleton<IEndpointModule, SessionRecordingEndpoint>();
        services.AddSingleton<IAgentMessageHandler, SessionAgentMessages>();
        return services;
    }
}

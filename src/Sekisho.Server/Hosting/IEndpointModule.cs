using Microsoft.AspNetCore.Routing;

namespace Sekisho.Server.Hosting;

/// <summary>
/// A domain's own HTTP endpoints beside the AWS front (the agent gateway, the data-channel WebSockets).
/// Registered in DI; <see cref="SekishoServer.BuildAsync"/> maps every one after WebSockets are enabled.
/// </summary>
public interface IEndpointModule
{
    void Map(IEndpointRouteBuilder endpoints);
}

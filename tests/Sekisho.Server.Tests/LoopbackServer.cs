using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sekisho.Server.Hosting;

namespace Sekisho.Server.Tests;

/// <summary>The real server on a free loopback port over a test's data folder, as the fixtures start and stop it.</summary>
internal static class LoopbackServer
{
    /// <summary>Builds and starts the server on <c>http://127.0.0.1:0</c>; returns it and the address it listens on.</summary>
    public static async Task<(WebApplication App, Uri Endpoint)> StartAsync(string dataDirectory, TimeProvider? time = null,
        Action<IServiceCollection>? configure = null)
    {
        var options = new ServerOptions(dataDirectory, new Uri("http://127.0.0.1:0"));
        if (time is not null) options = options with { TimeProvider = time };
        var app = await SekishoServer.BuildAsync(options, configure);
        await app.StartAsync();
        return (app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
    }

    /// <summary>Stops the server (when it started) and deletes its data folder.</summary>
    public static async Task StopAsync(WebApplication? app, string dataDirectory)
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        Directory.Delete(dataDirectory, recursive: true);
    }
}

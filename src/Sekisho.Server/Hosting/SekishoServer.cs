using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Sekisho.Server.Api;
using Sekisho.Server.Audit;
using Sekisho.Server.Authentication;
using Sekisho.Server.Authorization;
using Sekisho.Server.Credentials;
using Sekisho.Server.Identity;
using Sekisho.Server.Nodes;
using Sekisho.Server.Organization;
using Sekisho.Server.Sessions;
using Sekisho.Server.Storage;
using Sekisho.Server.Sts;

namespace Sekisho.Server.Hosting;

/// <summary>
/// Builds the <c>sekisho server</c> web application: Kestrel on the listen URL (plain HTTP on loopback only,
/// HTTPS with the data folder's certificate otherwise), the domain services as singletons, <c>POST /</c> for the
/// AWS front and <c>GET /healthz</c>.
/// </summary>
public static class SekishoServer
{
    /// <summary>Registers the core services over an opened store. Domain modules add their <see cref="IOperationModule"/>s after this.</summary>
    public static IServiceCollection AddSekishoCore(this IServiceCollection services, IStore store, MasterKey master, TimeProvider time)
    {
        services.AddSingleton(store);
        services.AddSingleton(master);
        services.AddSingleton(time);
        services.AddSingleton<KeyRing>();
        services.AddSingleton<SessionTokens>();
        services.AddSingleton<AccessKeyUsageTracker>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessKeyUsageTracker>());
        services.AddSingleton<RegisteredNodes>();
        services.AddSingleton<AccessKeyStore>();
        services.AddSingleton<PolicyCache>();
        services.AddSingleton<AuthorizationMessages>();
        services.AddSingleton<OrganizationService>();
        services.AddSingleton<Authorizer>();
        services.AddSingleton<Authenticator>();
        services.AddSekishoIdentity();
        services.AddSingleton<AuditLog>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditLog>());
        services.AddHostedService<KeyRingRefresher>();
        services.AddSingleton<IOperationModule, CallerIdentityModule>();
        services.AddSingleton<IOperationModule, StsModule>();
        services.AddSingleton<MfaGuard>();
        services.AddSingleton<OperationRegistry>();
        services.AddSingleton<AwsApiFront>();
        services.AddSekishoNodes();
        services.AddSekishoSessions();
        return services;
    }

    /// <summary>Opens the store (migrating it) and builds the application; <paramref name="configure"/> may add modules.</summary>
    public static async Task<WebApplication> BuildAsync(ServerOptions options, Action<IServiceCollection>? configure = null, CancellationToken cancellationToken = default)
    {
        ValidateListen(options.Listen);
        var master = MasterKey.Load(options.DataDirectory);
        var settings = DataFolder.ReadSettings(options.DataDirectory);
        var store = await DataFolder.OpenStoreAsync(options.DataDirectory, options.PostgresConnectionString, options.TimeProvider, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Logs go to stderr so stdout carries only what commands print (sekisho dev's exports).
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        ConfigureKestrel(builder.WebHost, options);
        builder.Services.Replace(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Connections.IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>());
        builder.Services.AddSingleton(settings);
        builder.Services.AddSekishoCore(store, master, options.TimeProvider);
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        await app.Services.GetRequiredService<KeyRing>().LoadAsync(cancellationToken);
        var front = app.Services.GetRequiredService<AwsApiFront>();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        foreach (var module in app.Services.GetServices<IEndpointModule>())
            module.Map(app);
        app.MapPost("/", front.HandleAsync);
        app.MapGet("/", front.HandleAsync);
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.Lifetime.ApplicationStopped.Register(() => store.DisposeAsync().AsTask().GetAwaiter().GetResult());
        return app;
    }

    /// <summary>True when <paramref name="listen"/> is a loopback address, where plain HTTP is allowed.</summary>
    public static bool IsLoopback(Uri listen) =>
        listen.IsLoopback || (IPAddress.TryParse(listen.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>The certificate fingerprint when listening on HTTPS, for the start-up line.</summary>
    public static string? CertificateFingerprint(ServerOptions options) =>
        options.Listen.Scheme == Uri.UriSchemeHttps
            ? SelfSignedCertificate.Fingerprint(SelfSignedCertificate.LoadOrCreate(options.DataDirectory, options.Listen.Host))
            : null;

    private static void ValidateListen(Uri listen)
    {
        if (listen.Scheme != Uri.UriSchemeHttp && listen.Scheme != Uri.UriSchemeHttps)
            throw new ArgumentException($"--listen must be an http:// or https:// URL, not {listen}");
        if (listen.Scheme == Uri.UriSchemeHttp && !IsLoopback(listen))
            throw new ArgumentException($"plain HTTP is allowed on loopback only; use https:// for {listen}");
    }

    private static void ConfigureKestrel(IWebHostBuilder web, ServerOptions options)
    {
        var listen = options.Listen;
        web.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = AwsApiFront.MaxBodyBytes * 2L;
            var address = listen.Host is "localhost" ? IPAddress.Loopback
                : IPAddress.TryParse(listen.Host.Trim('[', ']'), out var ip) ? ip : IPAddress.Any;
            kestrel.Listen(address, listen.Port, endpoint =>
            {
                // HTTP/2 needs TLS (ALPN); plain loopback HTTP stays HTTP/1.1.
                endpoint.Protocols = HttpProtocols.Http1;
                if (listen.Scheme == Uri.UriSchemeHttps)
                {
                    endpoint.Protocols = HttpProtocols.Http1AndHttp2;
                    endpoint.UseHttps(SelfSignedCertificate.LoadOrCreate(options.DataDirectory, listen.Host));
                }
            });
        });
    }
}

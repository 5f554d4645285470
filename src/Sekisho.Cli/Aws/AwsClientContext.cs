using System.Net.WebSockets;

namespace Sekisho.Cli.Aws;

/// <summary>
/// Everything an AWS call needs, resolved once from the command line, the environment and the profile as the AWS
/// CLI v2 does: profile, region, endpoints, TLS trust, the credential chain and an HTTP client. Shared by
/// <c>session start</c>, <c>session logs</c>, <c>ssh</c> and the port modes.
/// </summary>
public sealed class AwsClientContext : IDisposable
{
    private readonly AwsCliOptions _options;
    private readonly AwsEnvironment _environment;
    private readonly AwsProfileConfig _config;
    private readonly Lazy<SocketsHttpHandler> _handler;
    private readonly Lazy<HttpClient> _http;
    private readonly Lazy<HttpMessageInvoker> _invoker;
    private static readonly TimeSpan PreconnectTimeout = TimeSpan.FromSeconds(5);
    private Task? _preconnect;

    private AwsClientContext(AwsCliOptions options, AwsEnvironment environment, AwsProfileConfig config, AwsProfile profile,
        string region, AwsTls tls, TimeProvider time, Func<AwsClientContext, IRoleAssumer>? roleAssumer)
    {
        _options = options;
        _environment = environment;
        _config = config;
        Profile = profile;
        Region = region;
        Tls = tls;
        Time = time;
        _handler = new Lazy<SocketsHttpHandler>(CreateHandler);
        _http = new Lazy<HttpClient>(() => new HttpClient(_handler.Value, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(60) });
        _invoker = new Lazy<HttpMessageInvoker>(() => new HttpMessageInvoker(_handler.Value, disposeHandler: false));
        Credentials = new AwsCredentialChain(config, environment, profile.Name, options.Profile is not null,
            roleAssumer?.Invoke(this) ?? new StsClient(this), time);
    }

    public AwsProfile Profile { get; }

    public string Region { get; }

    public AwsTls Tls { get; }

    public TimeProvider Time { get; }

    public AwsCredentialChain Credentials { get; }

    /// <summary>The HTTP client for AWS calls, with the TLS trust configured.</summary>
    public HttpClient Http => _http.Value;

    /// <summary>Resolves the configuration; throws <see cref="CliException"/> naming the file, profile or variable at fault.</summary>
    /// <param name="roleAssumer">Replaces STS for assume-role profiles (tests).</param>
    public static AwsClientContext Create(AwsCliOptions options, AwsEnvironment environment, TimeProvider? timeProvider = null,
        Func<AwsClientContext, IRoleAssumer>? roleAssumer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var config = AwsProfileConfig.Load(environment);
        var profileName = options.Profile ?? environment.Variable("AWS_PROFILE") ?? "default";
        var profile = options.Profile is not null || environment.Variable("AWS_PROFILE") is not null
            ? config.Get(profileName)
            : config.GetOrEmpty(profileName);
        var region = options.Region ?? environment.Variable("AWS_REGION") ?? environment.Variable("AWS_DEFAULT_REGION") ?? profile.Get("region")
                     ?? throw new CliException($"You must specify a region: --region, AWS_REGION, AWS_DEFAULT_REGION, or region in profile {profileName} ({profile.Where})");
        return new AwsClientContext(options, environment, config, profile, region, ResolveTls(options, environment, profile),
            timeProvider ?? TimeProvider.System, roleAssumer);
    }

    /// <summary>
    /// The endpoint of <paramref name="serviceId"/> (lower case, e.g. <c>ssm</c>, <c>sts</c>): <c>--endpoint-url</c> (for
    /// the command's own service), <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, the profile's <c>services</c> section,
    /// <c>AWS_ENDPOINT_URL</c>, the profile's <c>endpoint_url</c>; Sekisho then falls back to <c>--endpoint-url</c> for
    /// other services too (one server answers SSM and STS), and last to AWS's own endpoint.
    /// </summary>
    public Uri Endpoint(string serviceId, bool isCommandService)
    {
        ArgumentNullException.ThrowIfNull(serviceId);
        if (isCommandService && _options.EndpointUrl is { } fromCommandLine)
        {
            return ParseEndpoint(fromCommandLine, "--endpoint-url");
        }
        var ignoreConfigured = IsTrue(_environment.Variable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
                               || IsTrue(Profile.Get("ignore_configured_endpoint_urls"));
        if (!ignoreConfigured)
        {
            var variable = "AWS_ENDPOINT_URL_" + serviceId.ToUpperInvariant().Replace(' ', '_').Replace('-', '_');
            if (_environment.Variable(variable) is { } fromServiceVariable)
            {
                return ParseEndpoint(fromServiceVariable, variable);
            }
            if (Profile.Setting("services") is { Value.Length: > 0 } services)
            {
                var section = _config.Services(services.Value) ?? throw new CliException(
                    $"profile {Profile.Name}: services = {services.Value} ({services.Where}) but there is no [services {services.Value}] section in {_config.ConfigFile}");
                if (section.Values.TryGetValue(serviceId, out var service) && service.Nested.TryGetValue("endpoint_url", out var url))
                {
                    return ParseEndpoint(url, $"endpoint_url of {serviceId} in [services {services.Value}] ({service.Where})");
                }
            }
            if (_environment.Variable("AWS_ENDPOINT_URL") is { } fromVariable)
            {
                return ParseEndpoint(fromVariable, "AWS_ENDPOINT_URL");
            }
            if (Profile.Setting("endpoint_url") is { Value.Length: > 0 } fromProfile)
            {
                return ParseEndpoint(fromProfile.Value, $"endpoint_url of profile {Profile.Name} ({fromProfile.Where})");
            }
        }
        if (_options.EndpointUrl is { } sameServer)
        {
            return ParseEndpoint(sameServer, "--endpoint-url");
        }
        return new Uri($"https://{serviceId}.{Region}.amazonaws.com/");
    }

    /// <summary>
    /// Opens the connection to <paramref name="endpoint"/> (TCP and TLS, and with them the process's cryptography) in
    /// the background with an unsigned <c>GET /healthz</c> while the caller resolves credentials and signs: a session
    /// start spent about 150 ms doing those one after the other. The first signed request waits for it (see
    /// <see cref="WhenPreconnectedAsync"/>), so it reuses that connection instead of opening a second one. Any
    /// failure is left for the real request to report.
    /// </summary>
    public void Preconnect(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        // On a pool thread: creating the HTTP handler and starting the connection would otherwise hold up the caller.
        var healthz = new Uri(endpoint, "/healthz");
        _preconnect ??= Task.Run(() => PreconnectAsync(healthz));
    }

    /// <summary>Completes once <see cref="Preconnect"/>'s request has ended (at once if none was started).</summary>
    public Task WhenPreconnectedAsync() => _preconnect ?? Task.CompletedTask;

    private async Task PreconnectAsync(Uri healthz)
    {
        try
        {
            using var timeout = new CancellationTokenSource(PreconnectTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, healthz);
            using var response = await Http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // Unreachable, refused or slow: the signed request that follows says so, with its own error.
        }
    }

    /// <summary>
    /// The handler under <see cref="Http"/>, for the data-channel WebSocket: its upgrade request then reuses the
    /// connection (and TLS session) StartSession left idle instead of opening a new one, and it has the same trust.
    /// </summary>
    public HttpMessageInvoker WebSocketInvoker => _invoker.Value;

    /// <summary>Applies the TLS trust to a data-channel WebSocket that does not go through <see cref="WebSocketInvoker"/>.</summary>
    public void ConfigureWebSocket(ClientWebSocketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Tls.ValidationCallback is { } callback)
        {
            options.RemoteCertificateValidationCallback = callback;
        }
    }

    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
        if (_invoker.IsValueCreated)
        {
            _invoker.Value.Dispose();
        }
        if (_handler.IsValueCreated)
        {
            _handler.Value.Dispose();
        }
    }

    private SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false };
        if (Tls.ValidationCallback is { } callback)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = callback;
        }
        return handler;
    }

    private static AwsTls ResolveTls(AwsCliOptions options, AwsEnvironment environment, AwsProfile profile)
    {
        if (options.NoVerifySsl)
        {
            return AwsTls.NoVerification;
        }
        if (options.CaBundle is { } fromCommandLine)
        {
            return AwsTls.FromBundle(environment.ExpandHome(fromCommandLine), "--ca-bundle");
        }
        if (environment.Variable("AWS_CA_BUNDLE") is { } fromVariable)
        {
            return AwsTls.FromBundle(environment.ExpandHome(fromVariable), "AWS_CA_BUNDLE");
        }
        if (profile.Setting("ca_bundle") is { Value.Length: > 0 } fromProfile)
        {
            return AwsTls.FromBundle(environment.ExpandHome(fromProfile.Value), $"ca_bundle of profile {profile.Name}, {fromProfile.Where}");
        }
        return AwsTls.SystemTrust;
    }

    private static Uri ParseEndpoint(string text, string where)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new CliException($"the endpoint '{text}' ({where}) is not an http:// or https:// URL");
        }
        return uri;
    }

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}

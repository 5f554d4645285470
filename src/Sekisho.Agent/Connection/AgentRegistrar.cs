using System.Security.Cryptography;
using Sekisho.Agent.State;
using Sekisho.Protocol.AgentChannel;

namespace Sekisho.Agent.Connection;

/// <summary><c>sekisho agent register</c>: a new node key, the activation sent to the server, the state dir written.</summary>
public static class AgentRegistrar
{
    public static async Task<AgentIdentity> RegisterAsync(AgentRegistrationOptions options, AgentLog log, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var state = new AgentStateDir(options.StateDir);
        if (state.IsRegistered && !options.Force)
        {
            var existing = state.Load();
            existing.Key.Dispose();
            throw new AgentException($"this machine is already registered as {existing.Identity.InstanceId} with {existing.Identity.ServerUrl} (state dir {state.Path}); pass --force to register it again");
        }
        var server = ServerUrl(options.ServerUrl);
        var trust = new ServerTrust(options.Fingerprint, trustOnFirstUse: options.Fingerprint is null);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        AgentRegistrationResponse response;
        using (var client = new AgentServerClient(server, trust))
        {
            response = await client.RegisterAsync(new AgentRegistrationRequest(options.ActivationId, options.ActivationCode,
                Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()), options.ComputerName ?? Environment.MachineName,
                PlatformInfo.Name, PlatformInfo.Version), cancellationToken).ConfigureAwait(false);
        }
        if (trust.TrustedOnFirstUse)
        {
            log.Warn($"the server's certificate is not signed by a trusted authority; trusting it on first use and pinning SHA-256 {trust.PinnedSha256} (compare it with the fingerprint 'sekisho server' printed, or pass --fingerprint)");
        }
        var identity = new AgentIdentity(response.InstanceId, response.AccountId, response.Region, server.ToString(),
            trust.PinnedSha256, time.GetUtcNow());
        state.Save(identity, key);
        return identity;
    }

    /// <exception cref="AgentException">The URL is not http(s).</exception>
    public static Uri ServerUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new AgentException($"--server '{url}' is not an http:// or https:// URL");
        }
        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }
}

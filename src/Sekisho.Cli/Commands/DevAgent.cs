using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Sekisho.Agent;
using Sekisho.Agent.Connection;
using Sekisho.Agent.Host;
using Sekisho.Agent.State;
using Sekisho.Server.Hosting;
using Sekisho.Server.Identity;
using Sekisho.Server.Nodes;

namespace Sekisho.Cli.Commands;

/// <summary>
/// The node part of <c>sekisho dev</c>: registers this machine through the server's own services (a role and an
/// activation in the management account) and runs its agent in the same process, state in DATA/agent.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class DevAgent
{
    public const string RoleName = "SekishoDevNodeRole";

    private const string TrustPolicy = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole"}]}
        """;

    /// <summary>Registers (unless DATA/agent already holds a registration) and starts the agent; returns its task.</summary>
    public static async Task<Task<int>> StartAsync(IServiceProvider services, DataFolder.Settings settings, string data, Uri server,
        CliConsole console, CancellationToken cancellationToken)
    {
        var stateDir = Path.Combine(data, "agent");
        var state = new AgentStateDir(stateDir);
        var log = new AgentLog(console.Error);
        if (state.IsRegistered && SameServer(state, server))
        {
            await console.Out.WriteLineAsync($"# reusing this machine's registration in {stateDir}").ConfigureAwait(false);
        }
        else
        {
            var account = settings.ManagementAccountId;
            await EnsureRoleAsync(services.GetRequiredService<IdentityService>(), account, cancellationToken).ConfigureAwait(false);
            var (activation, code) = await services.GetRequiredService<ActivationService>().CreateAsync(account, RoleName,
                "sekisho dev: this machine", Environment.MachineName, 1, null, [], cancellationToken).ConfigureAwait(false);
            await AgentRegistrar.RegisterAsync(new AgentRegistrationOptions(server.ToString(), code, activation.ActivationId)
            {
                StateDir = stateDir,
                // A dev data folder reused on another port: the old registration points at a server address that is gone.
                Force = state.IsRegistered,
            }, log, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        var runner = new AgentRunner(new AgentRunOptions { StateDir = stateDir }, log);
        var run = runner.RunAsync(cancellationToken);
        var connected = await Task.WhenAny(runner.Connected, run, Task.Delay(TimeSpan.FromSeconds(15), cancellationToken)).ConfigureAwait(false);
        if (connected != runner.Connected)
        {
            await console.Out.WriteLineAsync($"# the agent for this machine did not connect (see its log above); state in {stateDir}").ConfigureAwait(false);
            return run;
        }
        var id = runner.InstanceId;
        await console.Out.WriteLineAsync($"""
            # this machine is node {id} (agent running in this process, state in {stateDir}); open a shell on it:
            #   sekisho session start --target {id}
            #   aws ssm start-session --target {id}     (with the Session Manager plugin installed)
            """).ConfigureAwait(false);
        return run;
    }

    private static bool SameServer(AgentStateDir state, Uri server)
    {
        var (identity, key) = state.Load();
        key.Dispose();
        return string.Equals(identity.ServerUrl, server.ToString(), StringComparison.Ordinal);
    }

    private static async Task EnsureRoleAsync(IdentityService identity, string account, CancellationToken cancellationToken)
    {
        try
        {
            await identity.CreateRoleAsync(account, RoleName, null, TrustPolicy, "Role of the nodes registered by sekisho dev",
                null, null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (IamException e) when (e.Error.Code == "EntityAlreadyExists")
        {
            // A reused dev data folder: the role is there from the first run.
        }
    }
}

using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Sekisho.Agent;
using Sekisho.Agent.Connection;
using Sekisho.Agent.Host;
using Sekisho.Agent.State;

namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho agent register|run</c>: the node agent (Sekisho.Agent).</summary>
public sealed class AgentCommands : ICommandGroup
{
    public string Name => "agent";
    public string Summary => "register this machine as a node and run its agent";
    public string Usage => """
        usage: sekisho agent register --server URL --code CODE --id ID [--state-dir DIR] [--name NAME]
                                      [--fingerprint SHA256] [--force]
               sekisho agent run [--state-dir DIR]

          register  creates the node's key pair, registers it with an SSM activation (CreateActivation) and writes
                    DIR (default /var/lib/sekisho, 0700, files 0600). A self-signed https server is pinned:
                    by --fingerprint (the SHA-256 'sekisho server' printed) or, without it, trusted on first use.
                    --name is the computer name reported (default the host name); --force replaces a registration.
          run       connects to the server (outbound only) and runs sessions; runs as root to start sessions as
                    other OS users. Logs to stderr. Exit codes: 0 stopped, 1 cannot run, 3 node deregistered.

        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
            throw new CliException("agent: the agent runs on Linux only");
        return args[0] switch
        {
            "register" => await RegisterAsync(args.Skip(1).ToList(), console, cancellationToken).ConfigureAwait(false),
            "run" => await RunAgentAsync(args.Skip(1).ToList(), console, cancellationToken).ConfigureAwait(false),
            _ => throw new CliException($"agent: unknown subcommand '{args[0]}' (register, run)"),
        };
    }

    [SupportedOSPlatform("linux")]
    private static async Task<int> RegisterAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var a = new Arguments("agent register", args, ["server", "code", "id", "state-dir", "name", "fingerprint"], ["force"]);
        if (a.Positional.Count > 0) throw new CliException($"agent register: unexpected argument '{a.Positional[0]}'");
        var options = new AgentRegistrationOptions(a.Required("server"), a.Required("code"), a.Required("id"))
        {
            StateDir = a.Option("state-dir") ?? AgentStateDir.DefaultPath,
            ComputerName = a.Option("name"),
            Fingerprint = a.Option("fingerprint"),
            Force = a.Has("force"),
        };
        var log = new AgentLog(console.Error);
        AgentIdentity identity;
        try
        {
            identity = await AgentRegistrar.RegisterAsync(options, log, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (AgentException e)
        {
            await console.Error.WriteLineAsync($"sekisho agent register: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Findings;
        }
        await console.Out.WriteLineAsync(
            $"registered as {identity.InstanceId} (account {identity.AccountId}, region {identity.Region}); state in {Path.GetFullPath(options.StateDir)}\n" +
            $"start the agent with: sekisho agent run{(options.StateDir == AgentStateDir.DefaultPath ? "" : " --state-dir " + options.StateDir)}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    [SupportedOSPlatform("linux")]
    private static async Task<int> RunAgentAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var a = new Arguments("agent run", args, ["state-dir"], []);
        if (a.Positional.Count > 0) throw new CliException($"agent run: unexpected argument '{a.Positional[0]}'");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        var log = new AgentLog(console.Error);
        var runner = new AgentRunner(new AgentRunOptions { StateDir = a.Option("state-dir") ?? AgentStateDir.DefaultPath }, log);
        return await runner.RunAsync(stop.Token).ConfigureAwait(false);
    }
}

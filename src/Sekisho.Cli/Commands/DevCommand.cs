using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sekisho.Server.Hosting;
using Sekisho.Server.Identity;
using Sekisho.Server.Nodes;

namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho dev [--data DIR]</c>: init (in a temporary folder unless given) and run on a free loopback port.</summary>
public sealed class DevCommand : ICommandGroup
{
    public string Name => "dev";
    public string Summary => "start a local server (SQLite, loopback) and print the AWS CLI exports";
    public string Usage => """
        usage: sekisho dev [--data DIR] [--port N] [--no-agent]

          initializes DIR (a new temporary folder unless given; an already initialized DIR is reused), runs the
          server on http://127.0.0.1 (a free port unless --port), prints the exports that point the AWS CLI at
          it, and stays in the foreground until Ctrl-C. As root on Linux it also registers this machine as a
          node (an activation for the role SekishoDevNodeRole, state in DIR/agent) and runs its agent in the same
          process, so 'sekisho session start --target mi-...' opens a shell here (--no-agent: server only).

        """;

    public bool RunsWithoutSubcommand => true;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var a = new Arguments("dev", args, ["data", "port"], ["no-agent"]);
        if (a.Positional.Count > 0) throw new CliException($"dev: unexpected argument '{a.Positional[0]}'");
        var port = 0;
        if (a.Option("port") is { } p && (!int.TryParse(p, out port) || port is < 0 or > 65535))
            throw new CliException($"dev: --port '{p}' is not a port number");
        var data = a.Option("data") is { } d ? Path.GetFullPath(d) : Directory.CreateTempSubdirectory("sekisho-dev-").FullName;
        if (!File.Exists(Path.Combine(data, DataFolder.SettingsFile)))
            await ServerInitCommand.InitAsync(data, null, "us-east-1", null, cancellationToken).ConfigureAwait(false);
        var settings = DataFolder.ReadSettings(data);
        var (accessKeyId, secret) = ReadCredentials(Path.Combine(data, DataFolder.CredentialsFile));

        var app = await ServerRunCommand.BuildAsync(new ServerOptions(data, new Uri($"http://127.0.0.1:{port}")), cancellationToken).ConfigureAwait(false);
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            await console.Out.WriteLineAsync($"""
                # sekisho dev: data in {data}, account {settings.ManagementAccountId}, listening on {address}
                export AWS_ACCESS_KEY_ID={accessKeyId}
                export AWS_SECRET_ACCESS_KEY={secret}
                export AWS_REGION={settings.Region}
                export AWS_ENDPOINT_URL={address}
                unset AWS_SESSION_TOKEN AWS_PROFILE
                # AWS CLI older than 2.13 ignores AWS_ENDPOINT_URL: use aws --endpoint-url {address} ...
                """).ConfigureAwait(false);
            using var agentStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // Stop the agent first: its control socket would otherwise hold the server's shutdown open.
            using var stopping = app.Lifetime.ApplicationStopping.Register(agentStop.Cancel);
            Task<int>? agent = null;
            if (a.Has("no-agent"))
            {
                await console.Out.WriteLineAsync("# no agent (--no-agent): this machine is not a node.").ConfigureAwait(false);
            }
            else if (!OperatingSystem.IsLinux())
            {
                await console.Out.WriteLineAsync("# the agent runs on Linux only: this machine is not a node.").ConfigureAwait(false);
            }
            else if (!Environment.IsPrivilegedProcess)
            {
                await console.Out.WriteLineAsync("# sessions need root (the agent starts shells as other OS users): run 'sudo sekisho dev' to make\n" +
                                                 "# this machine a node. The server keeps running without an agent.").ConfigureAwait(false);
            }
            else
            {
                agent = await DevAgent.StartAsync(app.Services, settings, data, new Uri(address), console, agentStop.Token).ConfigureAwait(false);
            }
            await console.Out.WriteLineAsync("# Ctrl-C stops the server.").ConfigureAwait(false);
            await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            await agentStop.CancelAsync().ConfigureAwait(false);
            if (agent is not null)
            {
                await agent.ConfigureAwait(false);
            }
        }
        return ExitCodes.Ok;
    }

    private static (string AccessKeyId, string Secret) ReadCredentials(string path)
    {
        string? id = null, secret = null;
        foreach (var line in File.ReadAllLines(path))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0) continue;
            var key = line[..eq].Trim();
            if (key == "aws_access_key_id") id = line[(eq + 1)..].Trim();
            if (key == "aws_secret_access_key") secret = line[(eq + 1)..].Trim();
        }
        return (id ?? throw new CliException($"dev: {path} has no aws_access_key_id"),
            secret ?? throw new CliException($"dev: {path} has no aws_secret_access_key"));
    }
}

using System.ComponentModel;
using System.Diagnostics;
using Sekisho.Cli.Aws;
using Sekisho.Cli.Sessions.Tunnels;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho ssh [AWS options] [SSH-OPTIONS] [USER@]mi-... [SSH-ARGS...]</c>: runs OpenSSH's <c>ssh</c> with a
/// ProxyCommand that opens an <c>AWS-StartSSHSession</c> session through this CLI; ssh's options and everything after
/// the node go to ssh unchanged (<see cref="SshCommandLine"/>).
/// </summary>
public sealed class SshCommand : ICommandGroup
{
    public string Name => "ssh";
    public string Summary => "ssh to a node through Sekisho (AWS-StartSSHSession as ProxyCommand)";
    public string Usage => """
        usage: sekisho ssh [--profile P] [--region R] [--endpoint-url URL] [--ca-bundle F] [--no-verify-ssl]
                           [SSH-OPTIONS] [USER@]mi-... [SSH-ARGS...]
          Runs ssh to the node with ProxyCommand "sekisho session start --target %h --document-name
          AWS-StartSSHSession --parameters portNumber=%p". ssh's own options (-i KEY, -l USER, -o NAME=VALUE,
          -p PORT for the node's SSH port, default 22, ...), before or after the node, and a command go to ssh
          as given. The AWS options are passed to the ProxyCommand.
          scp and sftp: use the block of 'sekisho ssh-config' in ~/.ssh/config, or -o ProxyCommand=... alike.

        """;

    public bool RunsWithoutSubcommand => false;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var line = SshCommandLine.Parse(args);
        var arguments = new Arguments("ssh", line.AwsArguments, AwsCliOptions.ValueOptions.ToArray(), AwsCliOptions.FlagOptions.ToArray());
        var sshArgs = SshProxyCommand.SshArguments(SshProxyCommand.Self(), AwsCliOptions.FromArguments(arguments), line.SshOptions,
            line.Destination, line.Rest);
        var start = new ProcessStartInfo("ssh") { UseShellExecute = false };
        foreach (var arg in sshArgs)
        {
            start.ArgumentList.Add(arg);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CliException("could not start ssh");
        }
        catch (Win32Exception e)
        {
            throw new CliException($"could not run ssh (install OpenSSH's client, e.g. apt-get install openssh-client): {e.Message}");
        }
        using (process)
        {
            // Ctrl-C reaches ssh too (same process group); ssh decides when to exit, so its exit is awaited regardless.
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return process.ExitCode;
        }
    }
}

using System.ComponentModel;
using System.Diagnostics;
using Sekisho.Cli.Aws;
using Sekisho.Cli.Sessions.Tunnels;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho ssh [AWS options] [USER@]mi-... [SSH-ARGS...]</c>: runs OpenSSH's <c>ssh</c> with a ProxyCommand that
/// opens an <c>AWS-StartSSHSession</c> session through this CLI; everything after the node goes to ssh unchanged.
/// </summary>
public sealed class SshCommand : ICommandGroup
{
    public string Name => "ssh";
    public string Summary => "ssh to a node through Sekisho (AWS-StartSSHSession as ProxyCommand)";
    public string Usage => """
        usage: sekisho ssh [--profile P] [--region R] [--endpoint-url URL] [--ca-bundle F] [--no-verify-ssl]
                           [USER@]mi-... [SSH-ARGS...]
          Runs ssh to the node with ProxyCommand "sekisho session start --target %h --document-name
          AWS-StartSSHSession --parameters portNumber=%p". SSH-ARGS (options, a command) go to ssh as given;
          -p PORT picks the node's SSH port (default 22). The AWS options are passed to the ProxyCommand.
          scp and sftp: use the block of 'sekisho ssh-config' in ~/.ssh/config, or -o ProxyCommand=... alike.

        """;

    public bool RunsWithoutSubcommand => false;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        // Sekisho's own options come before the node; everything from the node on belongs to ssh.
        var split = 0;
        while (split < args.Count && args[split].StartsWith("--", StringComparison.Ordinal))
        {
            split += AwsCliOptions.FlagOptions.Contains(args[split][2..]) ? 1 : 2;
        }
        if (split >= args.Count)
        {
            throw new CliException("no node given (usage: sekisho ssh [USER@]mi-... [SSH-ARGS...])");
        }
        var arguments = new Arguments("ssh", [.. args.Take(split)], AwsCliOptions.ValueOptions.ToArray(), AwsCliOptions.FlagOptions.ToArray());
        var sshArgs = SshProxyCommand.SshArguments(SshProxyCommand.Self(), AwsCliOptions.FromArguments(arguments), args[split], [.. args.Skip(split + 1)]);
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

using Sekisho.Cli.Aws;
using Sekisho.Cli.Sessions.Tunnels;

namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho ssh-config</c>: prints the <c>Host mi-*</c> block that makes ssh, scp and sftp go through Sekisho.</summary>
public sealed class SshConfigCommand : ICommandGroup
{
    public string Name => "ssh-config";
    public string Summary => "print the Host mi-* block for ~/.ssh/config";
    public string Usage => """
        usage: sekisho ssh-config [--profile P] [--region R] [--endpoint-url URL] [--ca-bundle F] [--no-verify-ssl]
          Prints a 'Host mi-*' block whose ProxyCommand opens AWS-StartSSHSession sessions through this sekisho;
          append it to ~/.ssh/config, then 'ssh USER@mi-...', 'scp FILE USER@mi-...:' and 'sftp USER@mi-...' work.
          The AWS options given are written into the ProxyCommand.

        """;

    public bool RunsWithoutSubcommand => true;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var arguments = new Arguments("ssh-config", args, AwsCliOptions.ValueOptions.ToArray(), AwsCliOptions.FlagOptions.ToArray());
        if (arguments.Positional.Count > 0)
        {
            throw new CliException($"unexpected argument '{arguments.Positional[0]}'");
        }
        await console.Out.WriteAsync(SshProxyCommand.ConfigBlock(SshProxyCommand.Self(), AwsCliOptions.FromArguments(arguments))).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho ssh [user@]mi-...</c>. (Stub: owned by the tunnels work.)</summary>
public sealed class SshCommand : ICommandGroup
{
    public string Name => "ssh";
    public string Summary => "ssh to a node through Sekisho (AWS-StartSSHSession as ProxyCommand)";
    public string Usage => "usage: sekisho ssh [USER@]mi-... [SSH-ARGS...]\n";
    public bool RunsWithoutSubcommand => true;

    public Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken) =>
        throw new CliException("ssh: not available yet");
}

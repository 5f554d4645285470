namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho ssh-config</c>. (Stub: owned by the tunnels work.)</summary>
public sealed class SshConfigCommand : ICommandGroup
{
    public string Name => "ssh-config";
    public string Summary => "print the Host mi-* block for ~/.ssh/config";
    public string Usage => "usage: sekisho ssh-config\n";
    public bool RunsWithoutSubcommand => true;

    public Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken) =>
        throw new CliException("ssh-config: not available yet");
}

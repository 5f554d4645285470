namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho agent register|run</c>: the node agent. (Stub: owned by the agent work.)</summary>
public sealed class AgentCommands : ICommandGroup
{
    public string Name => "agent";
    public string Summary => "register this machine as a node and run its agent";
    public string Usage => """
        usage: sekisho agent register --server URL --code CODE --id ID [--state-dir DIR]
               sekisho agent run [--state-dir DIR]

        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken) =>
        throw new CliException("agent: not available yet");
}

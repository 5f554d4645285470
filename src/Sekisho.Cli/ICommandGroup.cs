namespace Sekisho.Cli;

/// <summary>A top-level word of the <c>sekisho</c> command (policy, cedar, server, ...) and its subcommands.</summary>
public interface ICommandGroup
{
    /// <summary>The word after <c>sekisho</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>sekisho --help</c>.</summary>
    string Summary { get; }

    /// <summary>The group's usage text, printed for <c>sekisho NAME --help</c> and after a usage error.</summary>
    string Usage { get; }

    /// <summary>Runs the subcommand in <paramref name="args"/> (the words after the group's name).</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken);

    /// <summary>True for a group that is itself a command (<c>sekisho dev</c>): it runs with no subcommand word.</summary>
    bool RunsWithoutSubcommand => false;
}

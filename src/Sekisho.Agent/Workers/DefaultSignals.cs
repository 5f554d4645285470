namespace Sekisho.Agent.Workers;

/// <summary>
/// Session processes start through <c>env --default-signal</c>: a process inherits ignored signals across exec,
/// and the agent's are not the user's. .NET ignores SIGPIPE, and an agent started in the background by a
/// non-interactive shell ignores SIGINT and SIGQUIT; a shell would pass those on, so Ctrl-C would not interrupt
/// a command and a pipeline would not stop when its reader goes away.
/// </summary>
internal static class DefaultSignals
{
    public const string Env = "/usr/bin/env";
    public const string Option = "--default-signal";
}

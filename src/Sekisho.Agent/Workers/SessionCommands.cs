using Sekisho.Agent.Sessions;

namespace Sekisho.Agent.Workers;

/// <summary>The <c>commands</c> property of a command document (AWS-StartInteractiveCommand and the like).</summary>
internal static class SessionCommands
{
    public static string Get(SessionWorkerContext context)
    {
        if (context.Start.Properties is { } properties && properties.TryGetValue("commands", out var commands)
            && !string.IsNullOrWhiteSpace(commands))
        {
            return commands;
        }
        throw new SessionFailedException(
            $"document '{context.Start.DocumentName}' of session type {context.Start.SessionType} gave no 'commands' to run");
    }
}

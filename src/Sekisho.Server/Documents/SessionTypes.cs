namespace Sekisho.Server.Documents;

/// <summary>The <c>sessionType</c> values of Session documents.</summary>
public static class SessionTypes
{
    public const string StandardStream = "Standard_Stream";
    public const string InteractiveCommands = "InteractiveCommands";
    public const string NonInteractiveCommands = "NonInteractiveCommands";
    public const string Port = "Port";

    public static readonly IReadOnlyList<string> All = [StandardStream, InteractiveCommands, NonInteractiveCommands, Port];
}

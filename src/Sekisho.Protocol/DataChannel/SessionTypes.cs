namespace Sekisho.Protocol.DataChannel;

/// <summary>The SessionType values of the handshake's SessionType action.</summary>
public static class SessionTypes
{
    public const string StandardStream = "Standard_Stream";
    public const string InteractiveCommands = "InteractiveCommands";
    public const string NonInteractiveCommands = "NonInteractiveCommands";
    public const string Port = "Port";
}

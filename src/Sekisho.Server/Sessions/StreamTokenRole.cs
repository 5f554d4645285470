namespace Sekisho.Server.Sessions;

/// <summary>Which end of a session a stream token admits: the client's data channel or the agent's.</summary>
public enum StreamTokenRole : byte
{
    Client = 1,
    Agent = 2,
}

namespace Sekisho.Agent.Tunnels;

/// <summary>A tunnel destination that the node's rules or the document's allow-list refuse; the message says which rule.</summary>
public sealed class DestinationRefusedException : Exception
{
    public DestinationRefusedException()
    {
    }

    public DestinationRefusedException(string message) : base(message)
    {
    }

    public DestinationRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

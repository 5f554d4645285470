namespace Sekisho.Protocol.DataChannel;

/// <summary>A handshake that cannot go on: an out-of-order message or a refused action.</summary>
public sealed class HandshakeException : Exception
{
    public HandshakeException()
    {
    }

    public HandshakeException(string message) : base(message)
    {
    }

    public HandshakeException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

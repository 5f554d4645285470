namespace Sekisho.Protocol.DataChannel;

/// <summary>A malformed data-channel frame, with the field and byte offset at fault.</summary>
public sealed class ClientMessageException : FormatException
{
    public ClientMessageException(ClientMessageError error, int offset, string message)
        : base($"data channel message: {message} (at byte {offset})")
    {
        Error = error;
        Offset = offset;
    }

    public ClientMessageException()
    {
    }

    public ClientMessageException(string message) : base(message)
    {
    }

    public ClientMessageException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ClientMessageError Error { get; }

    /// <summary>Byte offset in the frame of the field that is wrong.</summary>
    public int Offset { get; }
}

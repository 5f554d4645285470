namespace Sekisho.Protocol.Smux;

/// <summary>The peer broke the smux v1 framing; the session cannot continue.</summary>
public sealed class SmuxProtocolException : IOException
{
    public SmuxProtocolException()
    {
    }

    public SmuxProtocolException(string message) : base(message)
    {
    }

    public SmuxProtocolException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

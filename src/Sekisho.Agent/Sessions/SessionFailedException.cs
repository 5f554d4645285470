namespace Sekisho.Agent.Sessions;

/// <summary>
/// A session could not start or run for a reason the user can fix (unknown OS user, root refused, port closed).
/// The message goes to the server in <c>session_failed</c> and from there to the client: write it for a human.
/// </summary>
public sealed class SessionFailedException : Exception
{
    public SessionFailedException(string message) : base(message)
    {
    }

    public SessionFailedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public SessionFailedException()
    {
    }
}

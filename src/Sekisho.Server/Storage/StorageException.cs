namespace Sekisho.Server.Storage;

/// <summary>A storage operation failed for a reason other than a condition that was not met.</summary>
public class StorageException : Exception
{
    public StorageException() { }

    public StorageException(string message) : base(message) { }

    public StorageException(string message, Exception inner) : base(message, inner) { }
}

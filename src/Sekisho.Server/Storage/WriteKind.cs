namespace Sekisho.Server.Storage;

public enum WriteKind
{
    Put,
    Delete,
}

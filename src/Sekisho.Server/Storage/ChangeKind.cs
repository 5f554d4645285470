namespace Sekisho.Server.Storage;

public enum ChangeKind
{
    Put = 1,
    Delete = 2,
}

namespace Sekisho.Server.Documents;

/// <summary>The parameter types a Session document may declare.</summary>
public static class DocumentParameterTypes
{
    public const string String = "String";
    public const string StringList = "StringList";
}

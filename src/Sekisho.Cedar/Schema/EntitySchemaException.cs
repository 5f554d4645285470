namespace Sekisho.Cedar.Schema;

/// <summary>
/// Entities, a context or a request that do not conform to a schema: which entity (or request part) and why.
/// </summary>
public sealed class EntitySchemaException : CedarException
{
    public EntitySchemaException(string reason)
        : base(reason)
    {
    }

    public EntitySchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EntitySchemaException()
        : base("entities do not conform to the schema")
    {
    }
}

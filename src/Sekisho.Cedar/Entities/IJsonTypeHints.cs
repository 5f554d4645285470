using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Entities;

/// <summary>
/// Expected types for entity and context JSON, supplied by a schema. Every method may return null (unknown):
/// the plain JSON rules then apply.
/// </summary>
public interface IJsonTypeHints
{
    /// <summary>The type of attribute <paramref name="attribute"/> of entities of type <paramref name="entityType"/>.</summary>
    JsonTypeHint? AttributeType(string entityType, string attribute);

    /// <summary>The type of the tag values of entities of type <paramref name="entityType"/>.</summary>
    JsonTypeHint? TagType(string entityType);

    /// <summary>The type of the context of requests for <paramref name="action"/> (a record hint).</summary>
    JsonTypeHint? ContextType(EntityUid action);
}
